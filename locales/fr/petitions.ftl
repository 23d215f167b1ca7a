## Pages des pétitions — français

petition-addressees = Adressée à
petition-count-heading = Signatures à ce jour
petition-signatures = signatures
petition-goal = objectif : { $goal }
petition-sign-heading = Signer cette pétition
petition-paused = La signature est suspendue pour un court moment. Revenez un peu plus tard.
petition-closed = Cette pétition n'accepte plus de signatures.
petition-who-heading = Qui a signé
petition-chart-country = Signatures par pays
petition-chart-country-desc = Pays où vivent les signataires, du plus grand nombre au plus petit.
petition-chart-relationship = Signatures par lien de parenté
petition-chart-relationship-desc = Le lien des signataires avec un proche dans le camp.
petition-recent = Signataires récents qui ont choisi d'être nommés
petition-share = Partager cette pétition
petition-share-email = Par courriel

## Le formulaire de signature
sign-name = Votre nom
sign-email = Votre adresse électronique
sign-email-hint = Nous vous envoyons un lien pour confirmer votre signature. Votre adresse n'est jamais montrée à personne.
sign-country = Pays où vous vivez
sign-country-choose = Choisissez un pays
sign-city = Ville (facultatif)
sign-relationship = Votre lien avec un proche dans le camp (facultatif)
relationship-none = Je préfère ne pas le dire
relationship-parent = Parent
relationship-spouse = Époux ou épouse
relationship-child = Fils ou fille
relationship-sibling = Frère ou sœur
relationship-other_family = Autre membre de la famille
relationship-supporter = Sympathisant
sign-letter = Une lettre personnelle aux autorités (facultatif)
sign-letter-hint = Jusqu'à 5 000 caractères. Les lettres sont lues par notre équipe avant d'être incluses dans le livre remis aux autorités.
sign-public-legend = Sur cette page, afficher
public-hidden = Rien à mon sujet
public-initials = Mes initiales
public-full = Mon nom complet
sign-book-legend = Dans l'exemplaire remis aux autorités, afficher
book-full = Mon nom complet
book-initials = Mes initiales
book-family = « Un membre de la famille »
sign-consent = J'ai lu l'avis de confidentialité : mes données sont conservées chiffrées, utilisées uniquement pour cette pétition, et je peux retirer ma signature à tout moment.
sign-consent-short = Avis de confidentialité
sign-submit = Signer

## Après la signature
petition-thanks-title = Consultez votre boîte de réception
petition-thanks-text = Nous vous avons envoyé un courriel. Ouvrez le lien qu'il contient pour confirmer votre signature : seules les signatures confirmées comptent.
petition-thanks-spam = Si rien n'arrive d'ici quelques minutes, regardez dans vos indésirables.
petition-receipt = Votre code de reçu :
petition-confirm-ready-title = Confirmez votre signature
petition-confirm-ready-text = Appuyez sur le bouton pour confirmer que vous avez signé cette pétition.
petition-confirm-submit = Confirmer ma signature
petition-confirm-done-title = Merci — votre signature compte
petition-confirm-done-text = Votre signature est confirmée. Conservez votre code de reçu : il vous permettra de vérifier plus tard que votre signature figure dans le livre remis aux autorités.
petition-confirm-invalid-title = Ce lien ne peut pas être utilisé
petition-confirm-invalid-text = Le lien n'est plus valable : la signature a peut-être été retirée, ou la pétition est close.
petition-withdraw-ready-title = Retirer votre signature
petition-withdraw-ready-text = Si vous la retirez, votre signature ne compte plus et vos nom, adresse, ville et lettre sont effacés.
petition-withdraw-submit = Retirer ma signature
petition-withdraw-done-title = Votre signature est retirée
petition-withdraw-done-text = Votre signature ne compte plus et vos données personnelles ont été effacées.
petition-withdraw-invalid-title = Ce lien ne peut pas être utilisé
petition-withdraw-invalid-text = Le lien n'est plus valable.

## Erreurs du formulaire de signature
form-error-formula = Ce champ ne peut pas commencer par =, +, - ou @.
form-error-link = Merci de ne pas mettre d'adresse web ici.
form-error-name-characters = Utilisez uniquement des lettres, des espaces, des apostrophes, des traits d'union et des points.
form-error-email-invalid-signer = Saisissez une adresse comme nom@example.org.
form-error-email-invisible = Cette adresse contient un caractère invisible (trait d’union conditionnel, espace sans chasse…). Saisissez-la de nouveau à la main.
form-error-email-too-long = Une adresse électronique compte au plus 254 caractères.
form-error-mixed-scripts = Écrivez chaque mot dans un seul alphabet (une lettre d'un autre alphabet se ressemble mais n'est pas la même).
form-error-consent-required = Cochez la case pour confirmer que vous avez lu l'avis de confidentialité.

## Courriels sur les signatures
email-confirm-subject = Merci de confirmer votre signature
email-confirm-intro = Merci d'avoir signé « { $title } ». Ouvrez ce lien pour confirmer votre signature :
email-confirm-button = Confirmer ma signature
email-receipt = Votre code de reçu : { $code }
email-withdraw-info = Vous pouvez retirer votre signature à tout moment :
email-withdraw-button = Retirer ma signature
email-already-subject = Vous avez déjà signé
email-already-intro = Vous avez déjà signé « { $title } » et votre signature est confirmée. Vous n'avez rien d'autre à faire.

## Équipe : pétitions et lettres
petitions-staff-title = Pétitions
petitions-staff-caption = Toutes les pétitions
petitions-col-petition = Pétition
petitions-col-letters = Lettres à modérer
petitions-pause-heading = Collecte des signatures
petitions-paused-now = La collecte est suspendue : les formulaires de signature l'indiquent et n'acceptent rien.
petitions-collecting-now = Les pétitions ouvertes acceptent des signatures.
petitions-pause-submit = Suspendre la collecte
petitions-resume-submit = Reprendre la collecte
petitions-notice-paused = La collecte est suspendue.
petitions-notice-resumed = La collecte a repris.
letters-title = Lettres à modérer
letters-intro = Les lettres approuvées peuvent figurer dans le livre remis aux autorités. Les lettres refusées jamais ; un refus demande un motif.
letters-reason = Motif (nécessaire pour refuser)
letters-approve = Approuver
letters-reject = Refuser
letters-none = Aucune lettre en attente.
letters-error-invalid = Choisissez approuver ou refuser.
letters-error-reason = Indiquez un motif (500 caractères au plus) pour refuser une lettre.
