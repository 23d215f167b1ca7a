## Contact familial, pages publiques — français

## Page d'accueil
home-contact-request-link = Demander de l'aide pour contacter un proche
home-contact-register-link = Vous avez quitté le groupe ? Choisissez qui peut vous retrouver

## Le formulaire de demande de contact
contact-request-title = Demander de l'aide pour contacter un proche
contact-request-intro = Dites-nous qui vous cherchez. Nos chargés de dossiers recherchent la personne et, s'ils la trouvent, lui demandent si elle souhaite être en contact avec vous. Personne n'est mis en relation sans l'accord des deux personnes.
contact-request-promise = Pour la sécurité de chacun, nous ne disons jamais si une personne a été retrouvée, ni si elle est inscrite chez nous. Votre page indiquera « en cours » jusqu'à ce que la personne accepte d'être en contact. Une personne qui ne veut pas être retrouvée ne le sera pas par notre intermédiaire.
contact-about-you = Vous concernant
contact-your-name = Votre nom
contact-your-email = Votre adresse électronique
contact-email-hint = Nous vous envoyons un lien pour la confirmer. Utilisez une adresse que vous êtes seul à lire. Nos courriels ne disent jamais de quoi il s'agit.
contact-your-phone = Votre numéro de téléphone (facultatif)
contact-phone-hint = Seuls nos chargés de dossiers le voient, au cas où ils auraient besoin de vous appeler.
contact-your-country = Pays où vous vivez
contact-country-choose = Choisissez un pays
contact-relationship = Votre lien avec la personne que vous cherchez
contact-relationship-choose = Choisissez
contact-language-note = Nous vous écrirons en { $language }. Pour changer de langue, choisissez-en une autre en haut de la page avant d'envoyer le formulaire.
contact-person-n = Personne { $n }
contact-sought-intro = Dites-nous tout ce que vous savez. Indiquez le nom en lettres latines, en écriture persane, ou les deux ; le reste est facultatif.
contact-add-person = Vous cherchez aussi quelqu'un d'autre ? Personne { $n } (facultatif)
contact-sought-name-latin = Nom en lettres latines
contact-sought-name-persian = Nom en écriture persane
contact-sought-aliases = Autres noms ou surnoms (un par ligne)
contact-sought-birth-year = Année de naissance, approximative
contact-sought-father = Nom du père
contact-sought-birthplace = Lieu de naissance
contact-sought-last-place = Dernier lieu où vous savez qu'elle a vécu ou séjourné
contact-sought-last-year = Année de votre dernier contact
contact-sought-facts = Un détail que seule la famille connaît (confidentiel)
contact-facts-hint = Par exemple un surnom d'enfance ou un événement familial. Seuls nos chargés de dossiers le lisent, pour s'assurer qu'ils ont trouvé la bonne personne. Il n'est jamais transmis.
contact-message = Un message pour la personne (facultatif)
contact-message-hint = Nous ne le transmettons que si la personne accepte d'avoir de vos nouvelles. Jusqu'à 2 000 caractères.
contact-privacy-heading = Avis de confidentialité
contact-privacy-text = Ce que vous saisissez ici est conservé chiffré. Seuls nos chargés de dossiers peuvent le lire, et chaque lecture est enregistrée. Nous l'utilisons uniquement pour rechercher la personne et, si nous la trouvons, pour lui demander si elle accepte d'être en contact avec vous. Votre demande reste ouverte pendant une durée limitée : nous vous le rappelons par courriel avant son terme, et vous pouvez la retirer à tout moment depuis votre page personnelle.
contact-consent = J'ai lu l'avis de confidentialité et j'accepte que Peyvand conserve ces informations, chiffrées, pour traiter ma demande.
contact-consent-short = Avis de confidentialité
contact-request-submit = Envoyer ma demande

## Après l'envoi d'un formulaire
contact-sent-title = Consultez votre boîte de réception
contact-sent-text = Nous avons envoyé un courriel à l'adresse indiquée. Ouvrez le lien qu'il contient pour confirmer votre adresse : rien ne se passe tant que vous ne l'avez pas fait. Le lien est valable 7 jours.
contact-sent-neutral = Ce courriel est volontairement neutre : son objet est « Confirmez votre adresse électronique » et il ne dit pas de quoi il s'agit.
contact-sent-spam = Si rien n'arrive d'ici quelques minutes, regardez dans vos courriers indésirables.

## Le formulaire d'inscription
contact-register-title = Choisissez qui peut vous retrouver
contact-register-intro = Si vous avez quitté le groupe, ou si vous êtes séparé de votre famille, vous pouvez nous dire si vous êtes ouvert à un contact, et avec qui. Lorsqu'un proche vous cherche, un chargé de dossiers compare sa demande à vos choix, et nous vous demandons toujours votre accord avant toute mise en relation.
contact-register-promise = Quoi que vous choisissiez ici, personne ne peut savoir, en cherchant, que vous vous êtes inscrit.
contact-register-safety = Si quelqu'un d'autre peut lire vos courriels, utilisez une adresse que vous êtes seul à lire. Nos courriels ne disent jamais de quoi il s'agit.
contact-reg-name-latin = Votre nom en lettres latines
contact-reg-name-persian = Votre nom en écriture persane
contact-reg-names-hint = Indiquez au moins l'un des deux.
contact-reg-aliases = Autres noms sous lesquels vous acceptez d'être retrouvé (facultatif, un par ligne)
contact-reg-aliases-hint = Seuls les noms indiqués ici servent à vous reconnaître. N'indiquez pas un nom sous lequel vous ne voulez pas être retrouvé.
contact-reg-birth-year = Votre année de naissance (facultatif)
contact-reg-father = Le nom de votre père (facultatif)
contact-reg-places = Lieux où vous êtes né ou avez vécu (facultatif, un par ligne)
contact-reg-email = Votre adresse électronique
contact-reg-language = Langue de nos courriels
contact-openness-legend = Qui peut demander à être en contact avec vous ?
contact-openness-anyone = Tout proche ou sympathisant
contact-openness-relationships = Seulement les proches ayant avec moi l'un de ces liens
contact-openness-named = Seulement ces proches, nommément
contact-openness-no_one = Personne, pour l'instant
contact-openness-hint = Quel que soit votre choix, nous vous demandons votre accord avant toute mise en relation.
contact-only-relationships = Liens que j'accepte
contact-only-names = Noms des proches que j'accepte (un par ligne)
contact-deny-heading = Jamais
contact-deny-names = Jamais ces personnes (noms, un par ligne)
contact-deny-names-hint = Une demande venant d'une personne portant l'un de ces noms est écartée avant qu'un chargé de dossiers ne la voie.
contact-deny-aliases = Jamais quelqu'un qui me cherche sous l'un de ces noms (un par ligne)
contact-deny-aliases-hint = Par exemple un nom que seul le groupe employait pour vous.
contact-register-privacy-text = Ce que vous saisissez ici est conservé chiffré. Seuls nos chargés de dossiers peuvent le lire, et chaque lecture est enregistrée. Nous l'utilisons uniquement pour vous reconnaître lorsqu'un proche demande un contact, et nous vous demandons votre accord avant toute autre démarche. Votre inscription est valable pendant une durée limitée : nous vous le rappelons par courriel avant son terme, et vous pouvez la retirer à tout moment depuis votre page personnelle.
contact-register-consent = J'ai lu l'avis de confidentialité et j'accepte que Peyvand conserve ces informations, chiffrées, pour me reconnaître lorsque quelqu'un demande un contact.
contact-register-submit = M'inscrire

## Confirmation de l'adresse
contact-verify-ready-title = Confirmez votre adresse électronique
contact-verify-ready-text = Appuyez sur le bouton pour confirmer votre adresse électronique.
contact-verify-submit = Confirmer mon adresse
contact-verify-done-title = Votre adresse est confirmée
contact-verify-done-request-text = Merci. Votre demande est maintenant transmise à nos chargés de dossiers. Nous vous avons envoyé un autre courriel avec votre lien personnel : vous pourrez y suivre votre demande, la renouveler ou la retirer. Gardez ce lien pour vous.
contact-verify-done-registration-text = Merci. Votre inscription est maintenant en vigueur. Nous vous avons envoyé un autre courriel avec votre lien personnel : vous pourrez y voir ce que vous avez indiqué, renouveler votre inscription ou la retirer. Gardez ce lien pour vous.
contact-invalid-title = Ce lien ne peut pas être utilisé
contact-invalid-text = Ce lien n'est pas ou n'est plus valable. Si vous avez reçu de notre part un courriel plus récent, utilisez le lien qu'il contient. Les liens de confirmation sont valables 7 jours.

## La page du demandeur
contact-status-title = Votre demande
contact-status-in_progress-heading = Reçue — en cours
contact-status-in_progress-text = Nous avons reçu votre demande et nous y travaillons. Cette page changera lorsqu'il y aura des nouvelles que nous pouvons vous communiquer. Nous ne disons jamais si quelqu'un a été retrouvé ou est inscrit chez nous, sauf si cette personne accepte d'être en contact.
contact-status-expires = Votre demande reste ouverte jusqu'au { $date }.
contact-status-renew-text = Votre demande arrive bientôt à son terme. Renouvelez-la pour la garder ouverte une période de plus.
contact-status-withdraw-link = Retirer ma demande
contact-status-expired-heading = Demande close — nous n'avons pas pu établir le contact
contact-status-expired-text = Votre demande a pris fin et elle est maintenant close. Nous n'avons pas pu établir le contact. Vous pouvez déposer une nouvelle demande à tout moment.
contact-status-withdrawn-heading = Vous avez retiré votre demande
contact-status-withdrawn-text = Elle est close. Vous pouvez déposer une nouvelle demande à tout moment.
contact-new-request-link = Déposer une nouvelle demande
contact-renew-submit = Renouveler
contact-notice-renewed = Renouvelé — merci.
contact-notice-withdrawn = Retiré.
contact-notice-confirmed = Merci : nous avons noté que vous souhaitez toujours une mise en relation.
contact-notice-sent = Votre message a été envoyé.
contact-notice-left = Vous avez quitté la conversation. Elle est close.
contact-notice-answered = Merci : votre réponse est enregistrée.
contact-status-connected-heading = Mise en relation établie
contact-status-connected-text = La personne que vous recherchiez a accepté d'être en contact avec vous. Vous pouvez vous écrire ci-dessous ; aucun de vous ne voit les coordonnées de l'autre, sauf si l'un de vous a choisi d'en communiquer une.
contact-shown-note = Quand nous posons la question à la personne, nous lui indiquons votre nom et votre lien avec elle. Votre message ne lui est transmis que si elle accepte.
contact-reply-title = Un message pour vous
contact-closed-title = Cette conversation est close
contact-closed-text = Plus aucun message ne peut être envoyé ici.
contact-keep-private = Gardez le lien de cette page pour vous : toute personne qui le possède peut ouvrir cette page.

## La page de la personne inscrite
contact-registration-title = Votre inscription
contact-registration-in_progress-heading = En vigueur
contact-registration-in_progress-text = Personne ne peut savoir, en cherchant, que vous vous êtes inscrit. Lorsque quelqu'un demande à être en contact avec vous et que vos choix le permettent, nous vous demandons d'abord votre accord.
contact-registration-expires = Elle reste en vigueur jusqu'au { $date }.
contact-registration-renew-text = Elle arrive bientôt à son terme. Renouvelez-la pour la garder en vigueur une période de plus.
contact-registration-withdraw-link = Retirer mon inscription
contact-registration-expired-heading = Votre inscription est arrivée à son terme
contact-registration-expired-text = Elle n'a pas été renouvelée à temps. Vous pouvez vous inscrire de nouveau à tout moment.
contact-registration-withdrawn-heading = Vous avez retiré votre inscription
contact-registration-withdrawn-text = Elle ne sert plus à aucune recherche. Vous pouvez vous inscrire de nouveau à tout moment.
contact-registration-details = Ce que vous avez indiqué
contact-reg-names-shown = Noms sous lesquels vous pouvez être retrouvé
contact-reg-none = aucun
contact-registration-change = Pour modifier quelque chose, retirez cette inscription et inscrivez-vous de nouveau.
contact-new-registration-link = M'inscrire de nouveau

## Retrait
contact-withdraw-request-title = Retirer votre demande ?
contact-withdraw-request-text = Si vous la retirez, nous cessons d'y travailler et elle est close. Vous pourrez déposer une nouvelle demande plus tard.
contact-withdraw-registration-title = Retirer votre inscription ?
contact-withdraw-registration-text = Si vous la retirez, votre inscription ne sert plus à aucune recherche et personne n'est mis en relation avec vous par son intermédiaire. Vous pourrez vous inscrire de nouveau plus tard.
contact-withdraw-submit = Retirer
contact-withdraw-cancel = Revenir en arrière

## Courriels (sans contenu : ils ne nomment ni l'objet ni personne)
email-contact-verify-subject = Confirmez votre adresse électronique
email-contact-verify-text = Veuillez confirmer votre adresse électronique en ouvrant ce lien :
email-contact-verify-button = Confirmer mon adresse électronique
email-contact-verify-ignore = Si vous n'êtes pas à l'origine de cette démarche, ignorez ce message : il ne se passera rien. Le lien est valable 7 jours.
email-contact-link-subject = Votre lien personnel
email-contact-link-text = Merci, votre adresse électronique est confirmée. Voici votre lien personnel. Conservez ce message et ne communiquez pas ce lien :
email-contact-link-button = Ouvrir ma page
email-contact-renewal-subject = Merci de renouveler
email-contact-renewal-text = Ce que vous nous avez confié prend fin le { $date }, sauf si vous le renouvelez. Ouvrez votre page pour le renouveler :
email-contact-renewal-note = Voici votre nouveau lien personnel : les liens précédents ne fonctionnent plus.

## Erreurs des formulaires de contact
form-error-contact-year-range = Indiquez une année comprise entre 1900 et l'année en cours, dans le calendrier grégorien.
form-error-contact-year-order = L'année du dernier contact ne peut pas précéder l'année de naissance.
form-error-contact-latin-script = Veuillez utiliser ici des lettres latines ; l'écriture persane a son propre champ.
form-error-contact-persian-script = Veuillez utiliser ici l'écriture persane ; l'écriture latine a son propre champ.
form-error-contact-name-needed = Indiquez le nom en lettres latines, en écriture persane, ou les deux.
form-error-contact-sought-needed = Parlez-nous d'au moins une personne : indiquez son nom.
form-error-contact-too-many-lines = Veuillez indiquer au plus 10 éléments, un par ligne.
form-error-contact-phone = Indiquez un numéro de téléphone : des chiffres et des espaces, avec un + au début si nécessaire.
form-error-contact-relationships-needed = Cochez au moins un lien, ou choisissez une autre option.
form-error-contact-names-needed = Écrivez au moins un nom, un par ligne, ou choisissez une autre option.

## Changing and erasing one's own record (issue #14)
contact-registration-edit-link = Modifier vos noms, qui peut vous chercher, ou qui vous refusez
contact-edit-title = Modifier votre inscription
contact-edit-intro = Modifiez ce qu'il faut et enregistrez. Cela s'applique dès maintenant ; personne n'est informé de vos modifications.
contact-edit-names = Noms et surnoms sous lesquels on peut vous trouver
contact-edit-names-hint = Un par ligne, chacun en lettres latines ou en écriture persane. Seuls ces noms permettent de vous trouver.
contact-edit-deny-note = Une personne que vous refusez ici n'est jamais mise en relation avec vous. Si nous vous interrogions déjà au sujet d'une personne que vous refusez désormais, cela s'arrête aussitôt.
contact-edit-submit = Enregistrer les modifications
contact-edit-cancel = Revenir à votre inscription sans rien modifier
contact-notice-edited = Vos modifications sont enregistrées. Elles s'appliquent dès maintenant.
form-error-contact-edit-name-needed = Indiquez au moins un nom sous lequel on peut vous trouver.
contact-add-link = Ajouter une graphie, un surnom ou un fait
contact-add-title = Compléter ce que vous nous avez dit de { $name }
contact-add-intro = Une autre graphie d'un nom, un surnom ou un fait que seule la famille connaît aident nos travailleurs sociaux. Ce que vous ajoutez ici s'ajoute à ce que vous avez déjà donné ; rien n'est effacé.
contact-add-known = Les noms donnés jusqu'ici :
contact-add-aliases = Autres graphies et surnoms
contact-add-aliases-hint = Un par ligne, chacun en lettres latines ou en écriture persane.
contact-add-facts = Un fait que seule la famille connaît
contact-add-facts-hint = Nos travailleurs sociaux ne s'en servent que pour vérifier l'identité d'une personne. Il n'est jamais montré à personne d'autre.
contact-add-submit = Ajouter
contact-add-cancel = Revenir à votre demande
contact-notice-added = Merci : nous l'avons ajouté à votre demande.
form-error-contact-add-something = Écrivez une graphie, un surnom ou un fait à ajouter.
form-error-contact-too-many-aliases = Une personne peut avoir au plus 20 graphies et surnoms en tout.
contact-erase-link = Effacer mes données maintenant
contact-erase-request-title = Effacer votre demande et vos données ?
contact-erase-request-text = Nous effaçons aussitôt vos nom, adresse e-mail et numéro de téléphone, votre message, les noms et détails donnés sur les personnes que vous cherchez, et les messages que vous avez écrits. Votre demande est retirée et les liens que nous vous avons envoyés cessent de fonctionner.
contact-erase-request-kept = Nous gardons seulement la trace qu'une demande a existé, avec ses dates, sans aucun détail sur vous ni sur les personnes cherchées : nos décomptes et notre journal d'audit en ont besoin.
contact-erase-registration-title = Effacer votre inscription et vos données ?
contact-erase-registration-text = Nous effaçons aussitôt vos noms et surnoms, année de naissance, nom du père, lieux, adresse e-mail, vos choix et vos règles, et les messages que vous avez écrits. Votre inscription est retirée, toute conversation prend fin et les liens que nous vous avons envoyés cessent de fonctionner.
contact-erase-registration-kept = Nous gardons seulement la trace qu'une inscription a existé, avec ses dates, sans aucun détail sur vous : nos décomptes et notre journal d'audit en ont besoin.
contact-erase-final = C'est irréversible.
contact-erase-submit = Oui, effacer mes données maintenant
contact-erase-cancel = Non, revenir en arrière
contact-erased-title = Vos données sont effacées
contact-erased-request-text = Nous avons effacé vos nom, adresse e-mail et numéro de téléphone, votre message, les noms et détails des personnes que vous cherchiez, et les messages que vous avez écrits. Votre demande est retirée et les liens que nous vous avons envoyés ne fonctionnent plus.
contact-erased-request-kept = Il reste seulement la trace qu'une demande a existé, et quand, sans aucun détail sur vous ni sur les personnes cherchées.
contact-erased-registration-text = Nous avons effacé vos noms et surnoms, année de naissance, nom du père, lieux, adresse e-mail, vos choix et vos règles, et les messages que vous avez écrits. Votre inscription est retirée, toute conversation a pris fin et les liens que nous vous avons envoyés ne fonctionnent plus.
contact-erased-registration-kept = Il reste seulement la trace qu'une inscription a existé, et quand, sans aucun détail sur vous.
contact-erased-again = Vous pouvez déposer une nouvelle demande ou vous réinscrire à tout moment.
contact-erased-home = Aller à la page d'accueil
contact-status-seeking-heading = Qui vous cherchez
contact-status-progress-heading = Ce que veut dire « en cours »
contact-status-progress-text = Nos travailleurs sociaux comparent ce que vous nous avez dit avec les personnes inscrites chez nous et, quand ils le peuvent, cherchent plus loin. Cela prend souvent des mois, parfois davantage. Nous ne rendons pas compte de chaque étape : cette page ne change que lorsque la personne que vous cherchez accepte d'être en contact, ou lorsque votre demande prend fin.
contact-status-reach-text = Pour joindre une personne de notre organisation, utilisez les coordonnées de notre page « À propos », en lien au pied de chaque page. Si vous craignez que d'autres lisent vos e-mails, dites-le-nous en écrivant.
consent-end-never-text = Vous avez choisi « jamais avec cette personne » : nous ne vous interrogerons plus à son sujet et ne la mettrons jamais en relation avec vous, quel que soit le nom ou la graphie qu'elle utilise. Elle n'en est pas informée.
consent-end-never-submit = Oui, jamais avec cette personne
form-error-contact-one-script = Écrivez chaque nom dans une seule écriture : lettres latines ou écriture persane, pas les deux sur une même ligne.
