## Le livre de la pétition (imprimé pour les autorités)

book-petition-book = Livre de la pétition
book-edition = Édition
book-volume = Tome
book-page = Page
book-addressed-to = Adressée à
book-cut-off = Signatures confirmées jusqu'au
book-signatures = Signatures
book-letters = Lettres
book-by-country = Signatures par pays
book-by-relationship = Signatures par lien avec un proche dans le camp
book-relationship-not-stated = Non précisé
book-key-fingerprint = Empreinte de la clé de signature de l'organisation
book-petition-text = La pétition
book-col-number = N°
book-col-name = Nom
book-col-city = Ville
book-col-country = Pays
book-col-date = Date
book-col-receipt = Code de reçu
book-range = Signatures
book-verification = Vérification de ce livre
book-merkle-root = Empreinte de la liste des signatures (racine de Merkle)
book-public-key = Clé publique de l'organisation (Ed25519)
book-how-to-verify = Ce livre fait partie d'une archive signée numériquement (un fichier ZIP) que l'organisation remet sur demande. Cette archive contient ce livre, la liste des signatures sous forme de tableur (CSV), les lettres, ainsi qu'un manifeste qui indique l'empreinte SHA-256 de chaque fichier et l'empreinte de la liste des signatures imprimée ci-dessus. Le manifeste est signé avec la clé de l'organisation, dont l'empreinte figure sur la couverture.

    Chacun peut vérifier, avec la commande ci-dessous, que rien n'a été ajouté, retiré ni modifié. Chaque signataire a reçu un code de reçu ; l'indiquer avec --receipt prouve que sa signature figure dans cette édition, sans rien révéler des autres signataires.

## Équipe : éditions

editions-title = Éditions
editions-intro = Une édition fige les signatures confirmées et les lettres approuvées à cet instant. Les retraits et les invalidations ultérieurs ne la modifient pas ; l'édition suivante en tient compte. Son archive contient le livre, un tableur, les lettres et un manifeste signé.
editions-freeze = Figer une nouvelle édition
editions-locale = Langue des intitulés du livre
editions-none = Aucune édition pour l'instant.
editions-caption = Éditions de cette pétition
edition-number = Édition { $number }
edition-col-number = Édition
edition-col-cut-off = Date d'arrêt
edition-col-total = Signatures
edition-col-letters = Lettres
edition-col-changes = Depuis l'édition précédente
edition-changes = Ajouts : { $added }, retraits : { $withdrawn }, invalidations : { $invalidated }
edition-state-building = En préparation
edition-state-ready = Prête
edition-state-failed = Échec
edition-state-stale = Interrompue
edition-interrupted = La préparation a été interrompue : le processus qui la faisait s'est arrêté (arrêt ou panne) avant la fin. Rien n'a été publié ; réessayez.
edition-notice-retried = L'archive a été renvoyée en préparation.
edition-error-live = Cette préparation ne peut pas être relancée : un processus actif y travaille (ou elle attend qu'un processus la prenne). Vérifiez à nouveau dans un instant.
edition-error-ready = Cette édition est prête ; il n'y a rien à relancer.
edition-building = L'archive est en préparation ({ $percent } %).
edition-check-again = Vérifier à nouveau
edition-failed = La préparation a échoué : { $error }
edition-retry = Réessayer
edition-download = Télécharger l'archive signée
edition-merkle = Racine de Merkle
edition-sha = SHA-256 de l'archive
edition-fingerprint = Empreinte de la clé publique
edition-verify-hint = Chacun peut vérifier l'archive avec la commande : peyvand bundle verify FILE.zip --fingerprint "…" (l'empreinte de la clé publique ci-dessus). Sans --key ni --fingerprint, la commande ne peut pas savoir quelle clé l'a signée et se termine avec le code 4.
edition-notice-frozen = L'édition a été figée ; son archive est en préparation.
edition-notice-handover = La remise a été enregistrée.
edition-error-empty = Il n'y a aucune signature confirmée à inclure dans une édition.
edition-error-building = Une autre édition de cette pétition est encore en préparation. Attendez qu'elle soit prête.
form-error-edition-not-ready = Les remises peuvent être enregistrées une fois l'archive prête.

handovers-title = Remises
handovers-none = Pas encore remise.
handover-add = Enregistrer une remise
handover-recipient = Reçue par
handover-office = Service
handover-date = Jour
handover-form = Forme
handover-form-print = Livre imprimé
handover-form-pdf = PDF
handover-form-usb = Clé USB
handover-acknowledgement = Leur accusé de réception (facultatif)
handover-answer = Leur réponse (facultatif)

## Public : vérification

receipt-title = Ma signature figure-t-elle dans le livre ?
receipt-intro = Votre courriel de confirmation contient un code de reçu. Saisissez-le pour savoir si votre signature figure dans une édition remise aux autorités. Rien d'autre n'est affiché.
receipt-code = Code de reçu
receipt-submit = Vérifier
receipt-included = Votre signature figure dans l'édition { $number } de cette pétition.
receipt-not-found = Aucune édition de cette pétition ne contient (encore) ce code de reçu. Les éditions sont établies à partir des signatures confirmées lorsque la pétition est remise.
receipt-link = Vérifier si votre signature figure dans le livre
verify-heading = Vérifier le livre de la pétition
verify-fingerprint = Le livre de la pétition et son archive signée portent la clé de l'organisation. Son empreinte est :

withdraw-frozen = Votre signature figure déjà dans l'édition { $editions } remise aux autorités ; cette édition ne peut plus changer. Le retrait enlève votre signature du décompte et de toutes les éditions suivantes, et efface vos données ici.

form-error-receipt-invalid = Saisissez le code tel qu'il figure dans votre courriel, par exemple ABCD-EFGH-JKMN.
form-error-handover-form = Choisissez la forme de la remise.
