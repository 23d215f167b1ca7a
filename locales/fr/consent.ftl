## Consentement et mise en relation, pages publiques et courriels — français

## Textes de consentement. Chaque texte a une version : le modifier demande une nouvelle
## clé et une nouvelle version (l'empreinte du texte affiché est gardée avec chaque consentement).
consent-wording-sought-v1 = J'accepte qu'on me mette en relation avec la personne qui me recherche, de la manière que je choisis ci-dessous. Je comprends que rien à mon sujet n'est transmis avant la fin d'un délai d'attente de quelques jours, pendant lequel je peux encore changer d'avis sans que l'autre personne en soit informée, ni avant que deux chargés de dossiers l'aient vérifié. Je peux retirer mon accord à tout moment.
consent-wording-requester-v1 = Je souhaite toujours, si elles l'acceptent, qu'on me mette en relation avec les personnes que je recherche, de la manière que je choisis ci-dessous. Je comprends que, lorsqu'on leur pose la question, on leur indique mon nom et mon lien avec elles, que mon message ne leur est transmis que si elles acceptent, et que je peux y renoncer à tout moment.

## Courriels (sans contenu : ils ne nomment ni l'objet ni personne)
email-contact-update-subject = Un message pour vous
email-contact-update-text = Un message vous attend sur Peyvand. Ouvrez-le ici :
email-contact-update-button = Ouvrir le message
email-contact-update-note = Ne communiquez ce lien à personne. Si vous n'attendiez pas ce courriel, vous pouvez l'ignorer.
email-contact-checkin-subject = Merci de consulter votre page
email-contact-checkin-text = Ceci est un rappel régulier. Merci d'ouvrir votre page et de nous dire si vous souhaitez que nous continuions :
email-contact-checkin-button = Ouvrir ma page

## La page de la personne recherchée
consent-ask-intro = Quelqu'un nous a demandé de l'aider à entrer en contact avec vous. Rien n'a été dit à votre sujet, à personne, et rien ne le sera sans votre accord.
consent-ask-name = Nom indiqué
consent-ask-relationship = Son lien avec vous, selon cette personne
consent-ask-safety = Prenez votre temps. Quelle que soit votre réponse, cette personne n'apprend ni qu'on vous a posé la question, ni ce que vous avez répondu — sauf si vous acceptez d'être en contact, ou si vous choisissez ci-dessous de lui envoyer un court message.
consent-decision-legend = Votre réponse
consent-decision-accept = Oui, j'accepte d'être en contact
consent-decision-decline = Non, pas maintenant
consent-decision-never = Non, et jamais avec cette personne
consent-if-accept = Si vous acceptez
consent-choice-legend = Comment souhaitez-vous être en contact ?
consent-choice-relay = Par des messages sur ce site
consent-choice-relay-hint = Vous vous écrivez ici. Aucun de vous ne voit l'adresse électronique de l'autre.
consent-choice-share = En lui donnant un moyen de contact
consent-choice-share-hint = Nous lui donnons le moyen de contact que vous écrivez ci-dessous (par exemple un numéro de téléphone ou une adresse électronique), et rien d'autre.
consent-detail-label = Le moyen de contact à lui donner (seulement si vous avez choisi d'en donner un)
consent-detail-hint = Jusqu'à 200 caractères. Rien d'autre à votre sujet n'est transmis.
consent-if-decline = Si vous refusez
consent-welfare-intro = Vous pouvez lui faire savoir que vous allez bien. Si vous ne choisissez rien, on ne lui dit rien du tout.
consent-welfare-none = Ne rien envoyer
consent-welfare-preset = Envoyer : « Je vais bien, mais je ne souhaite pas de contact. »
consent-welfare-own = Envoyer un court message de ma part (un chargé de dossiers le lit d'abord)
consent-welfare-text-label = Votre message (seulement si vous avez choisi d'en écrire un)
consent-welfare-text-hint = Jusqu'à 300 caractères. Un chargé de dossiers le vérifie avant qu'il soit transmis.
consent-answer-submit = Envoyer ma réponse
consent-already-answered = Vous avez déjà répondu. Votre réponse n'a pas changé.
consent-accepted-text = Merci. Rien n'est encore transmis : il y a d'abord un délai d'attente de quelques jours, pendant lequel vous pouvez encore changer d'avis sans que l'autre personne en soit informée, puis deux chargés de dossiers vérifient tout. Nous vous enverrons un courriel lorsque vous pourrez vous écrire.
consent-withdraw = J'ai changé d'avis : retirer mon accord
consent-block = Et ne jamais me mettre en relation avec cette personne
consent-ended-text = Il n'y a plus rien à faire ici. Merci.
consent-connected-sought-heading = Vous êtes en contact

## Les deux parties
consent-connected-heading = Vous êtes en contact avec { $name }
consent-shared-detail = Le moyen de contact que cette personne a choisi de vous donner :
consent-thread-heading = Messages
consent-thread-you = Vous
consent-thread-them = L'autre personne
consent-thread-erased = (Ce message a été effacé.)
consent-thread-empty = Pas encore de message.
consent-thread-ended = Cette conversation est terminée. Plus aucun message ne peut être envoyé.
consent-message-label = Votre message
consent-message-send = Envoyer
consent-leave = Quitter cette conversation
consent-welfare-heading = Un message de { $name }
consent-welfare-preset-text = Je vais bien, mais je ne souhaite pas de contact.

## La reconfirmation du demandeur
consent-confirm-heading = Voulez-vous que nous continuions à essayer ?
consent-confirm-intro = Nous posons cette question de temps en temps à toutes les personnes qui ont déposé une demande ; cela ne veut pas dire qu'il s'est passé quelque chose. Dites-nous comment vous aimeriez être en contact si cela devient possible. Vous pouvez répondre à tout moment.
consent-confirmed-on = Vous avez confirmé pour la dernière fois le { $date }.
consent-confirm-submit = Oui, continuez à essayer
