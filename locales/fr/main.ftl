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
