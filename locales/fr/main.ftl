## Peyvand — français

lang-name = Français
site-name = Peyvand
site-tagline = Renouer le lien entre familles séparées — seulement si les deux parties le veulent.
skip-to-content = Aller au contenu principal
nav-label = Principal
nav-home = Accueil
nav-language = Langue
language-menu-label = Choisir une langue
lang-unsupported = Cette langue n'est pas disponible. La page est affichée en anglais, en persan ou en français.

## Accueil
home-title = Des familles enfin réunies
home-intro = Peyvand aide les familles séparées de proches qui vivent, ou ont vécu, au sein d'un groupe fermé. Vous pouvez signer une pétition demandant aux autorités de permettre aux familles de se rencontrer, et nous demander de vous aider à reprendre contact avec un proche.
home-consent = Nous ne mettons jamais des personnes en relation sans l'accord de chacune. Personne n'apprend si quelqu'un est inscrit chez nous, à moins que cette personne ne choisisse d'être retrouvée.
home-petitions-heading = Pétitions
home-no-petitions = Aucune pétition n'est ouverte pour le moment.
home-contact-heading = Vous cherchez un proche ?
home-contact-text = Nous pouvons essayer de vous aider à reprendre contact avec un proche. Et si vous avez quitté le groupe, vous pouvez nous dire si vous souhaitez être retrouvé, et par qui. Personne n'est mis en relation sans l'accord des deux personnes, et personne ne peut savoir, en cherchant, si quelqu'un s'est inscrit.
petition-read = Lire la pétition
petition-in-other-language = Ce texte n'est pas encore disponible dans votre langue ; il est affiché dans sa version originale.

## Page des langues
language-title = Langue
language-intro = Choisissez la langue de ce site. Nous retenons votre choix sur cet appareil.
language-field = Langue
language-submit = Enregistrer
form-error-summary-title = Veuillez corriger les points suivants :

## Erreurs de formulaire
form-error-required = Ce champ est obligatoire.
form-error-too-short = C'est trop court.
form-error-too-long = C'est trop long.
form-error-invalid-choice = Veuillez choisir l'une des options.
form-error-invalid-number = Veuillez saisir un nombre.
form-error-invalid = Cette valeur n'est pas valide.
form-error-control-characters = Ce texte contient des caractères de contrôle invisibles. Veuillez le saisir à nouveau.

## Pages d'erreur
error-back-home = Aller à l'accueil
error-400-title = Requête incorrecte
error-400-text = Votre navigateur a envoyé quelque chose que ce site n'a pas compris. Veuillez revenir en arrière et réessayer.
error-csrf-title = Formulaire expiré
error-csrf-text = Pour votre sécurité, ce formulaire n'a pas pu être accepté : il a peut-être expiré, ou votre navigateur bloque les cookies. Veuillez recharger la page et l'envoyer à nouveau.
error-403-title = Accès refusé
error-403-text = Vous n'avez pas accès à cette page.
error-404-title = Page introuvable
error-404-text = Il n'y a pas de page à cette adresse. Elle a peut-être été déplacée, ou le lien est mal saisi.
error-413-title = Texte trop long
error-413-text = Ce que vous avez envoyé dépasse la taille acceptée par ce site. Veuillez le raccourcir et réessayer.
error-415-title = Contenu non pris en charge
error-415-text = Ce site n'a pas pu lire ce que votre navigateur a envoyé. Veuillez utiliser le formulaire de la page.
error-422-title = Veuillez vérifier votre saisie
error-422-text = Une partie de votre saisie n'a pas pu être acceptée. Veuillez revenir en arrière et la corriger.
error-429-title = Trop de tentatives
error-429-text = Vous avez envoyé trop de requêtes en peu de temps. Veuillez patienter une minute et réessayer.
error-500-title = Une erreur est survenue
error-500-text = Une erreur de notre côté a interrompu cette page. Rien de ce que vous avez saisi n'a été perdu ni enregistré à moitié. Veuillez réessayer plus tard.
error-503-title = Temporairement indisponible
error-503-text = Ce site est brièvement indisponible. Veuillez réessayer dans quelques minutes.
error-unsaved-title = Nous n'avons pas pu enregistrer ceci
error-unsaved-text = Rien n'a été enregistré : notre stockage n'accepte pas de nouvelles entrées pour le moment. Veuillez revenir en arrière et renvoyer le formulaire dans quelques minutes.
error-other-title = Une erreur est survenue
error-other-text = Cette requête n'a pas pu aboutir. Veuillez revenir en arrière et réessayer.

## Pied de page
footer-privacy = Peyvand ne partage jamais vos données sans votre consentement.
footer-source = Logiciel libre.

## Courriel
email-footer = Ce message a été envoyé par Peyvand. Si vous ne l'attendiez pas, vous pouvez l'ignorer.
email-test-subject = Message de test
email-test-body = Ceci est un message de test. Si vous pouvez le lire, l'envoi de courriels fonctionne.

## Listes
list-separator = {", "}

## « Lien perdu ? » (issue #14)
lost-links-title = Vous avez perdu votre lien ?
lost-links-intro = Saisissez votre adresse e-mail. Si nous détenons quelque chose pour elle — une signature, une demande de contact, une inscription — nous vous enverrons par e-mail un nouveau lien vers chacune.
lost-links-what = Vos anciens liens restent valables jusqu'à leur expiration. Pour votre sécurité, cette page répond de la même façon quoi que nous détenions.
lost-links-email = Votre adresse e-mail
lost-links-submit = M'envoyer mes liens
lost-links-sent-title = Consultez votre boîte de réception
lost-links-sent-text = Si nous détenons quelque chose pour cette adresse, nous lui avons envoyé ses liens.
lost-links-sent-spam = L'e-mail peut mettre quelques minutes ; regardez aussi dans vos indésirables. Si rien n'arrive, nous ne détenons rien pour cette adresse ou elle a été demandée trop souvent : réessayez dans une heure.
lost-links-link = Vous avez perdu votre lien ?
email-lost-links-subject = Vos liens
email-lost-links-text = Vous avez demandé vos liens. Voici un nouveau lien vers chaque page que nous détenons pour cette adresse. Ils sont valables { $days } jours, et vos anciens liens restent valables jusqu'à leur expiration. Ne les partagez pas.
email-lost-links-petition = Pétition : { $title }
email-lost-links-confirm = Confirmer votre signature
email-lost-links-receipt = Votre signature et votre code de reçu
email-lost-links-withdraw = Retirer votre signature
email-lost-links-pages = Vos pages personnelles :
email-lost-links-ignore = Si vous n'avez rien demandé, vous pouvez ignorer ce message : les liens n'ont été envoyés qu'à vous.
email-lost-links-footer = Un lien perdu ? Demandez-le à nouveau :

## Les liens, en réponse à « Votre lien avec … » (issue #14)
relationship-answer-none = Je préfère ne pas le dire
relationship-answer-parent = Je suis son père ou sa mère
relationship-answer-spouse = Je suis son époux ou son épouse
relationship-answer-child = Je suis son fils ou sa fille
relationship-answer-sibling = Je suis son frère ou sa sœur
relationship-answer-other_family = Je suis un autre membre de sa famille
relationship-answer-supporter = Je suis sympathisant, pas de la famille

## Juste après la signature (issue #14)
petition-thanks-sent-to = Nous l'avons envoyé à :
petition-thanks-again = Renvoyer l'e-mail
petition-thanks-wrong-address = Mauvaise adresse ? Signez à nouveau avec la bonne
sign-email-did-you-mean = Vouliez-vous dire
sign-email-no-dot = Cette adresse n'a pas de point après le @ : vérifiez-la.
sign-email-use-suggestion = Oui, utiliser cette adresse
sign-email-keep-typed = Non, mon adresse est bien
form-error-email-typo = Cette adresse contient peut-être une faute de frappe : vérifiez-la.

## « Êtes-vous sûr ? » avant de mettre fin à une relation (issue #14)
consent-end-heading = Mettre fin à cette conversation
consent-end-title = Êtes-vous sûr ?
consent-end-leave-text = Quitter met fin à cette conversation pour vous deux. L'autre personne n'en apprend pas la raison, et les messages sont effacés plus tard.
consent-end-withdraw-text = Vous retirez ainsi votre accord et mettez fin à toute conversation. L'autre personne n'en apprend pas la raison.
consent-end-block-note = Vous avez aussi choisi « jamais avec cette personne » : nous ne vous mettrons plus en contact avec elle.
consent-end-final = Cette action est définitive.
consent-end-leave-submit = Oui, quitter la conversation
consent-end-withdraw-submit = Oui, retirer
consent-end-cancel = Non, revenir
