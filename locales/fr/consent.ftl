## Consentement et mise en relation, pages publiques et courriels — français

## Textes de consentement. Chaque texte a une version : le modifier demande une nouvelle
## clé et une nouvelle version (l'empreinte du texte affiché est gardée avec chaque consentement).
consent-wording-sought-v1 = J'accepte d'être mis en relation avec la personne qui me recherche, de la manière que je choisis ci-dessous. Je comprends que rien ne sera transmis à mon sujet avant un délai de quelques jours, pendant lequel je peux encore changer d'avis sans que l'autre personne le sache, ni avant que deux travailleurs sociaux l'aient vérifié. Je peux retirer mon accord à tout moment.
consent-wording-requester-v1 = Je souhaite toujours être mis en relation avec les personnes que je recherche, de la manière que je choisis ci-dessous, si elles l'acceptent. Je comprends qu'on leur indique mon nom et mon lien de parenté quand on les sollicite, que mon message ne leur est transmis que si elles acceptent, et que je peux retirer ma demande à tout moment.

## Courriels (sans contenu : ils ne nomment ni l'objet ni personne)
email-contact-update-subject = Un message pour vous
email-contact-update-text = Un message vous attend sur Peyvand. Ouvrez-le ici :
email-contact-update-button = Ouvrir le message
email-contact-update-note = Ne communiquez pas ce lien. Si vous n'attendiez pas ce courriel, vous pouvez l'ignorer.
email-contact-checkin-subject = Merci de consulter votre page
email-contact-checkin-text = Ceci est un rappel régulier que nous envoyons à toutes les personnes qui nous ont demandé de l'aide. Ouvrez votre page et dites-nous si vous souhaitez toujours que nous poursuivions :
email-contact-checkin-button = Ouvrir ma page
