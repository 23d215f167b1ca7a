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
book-col-date = Date (grégorien, UTC)
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

## The bundle's read-me and the public bundle check (/verify)

book-verify-online = Vous pouvez aussi vérifier l'archive dans un navigateur, sans logiciel particulier : déposez-la sur { $url }. Le fichier « lisez-moi » de l'archive (README.txt) décrit chaque fichier.
bundle-readme =
    À propos de cette archive (français)
    
    Ce fichier ZIP est l'archive signée numériquement de l'édition { $edition } de la pétition « { $slug } », produite par { $organisation }. Elle contient :
    
      README.txt          ce texte
      book/volume-N.pdf   le livre de la pétition, tel qu'imprimé et remis
      signatures.csv      la liste des signatures, pour un tableur
      entries.jsonl       la même liste, une signature par ligne ; l'empreinte de ces lignes (racine de Merkle) est imprimée dans le livre
      letters/N.txt       les lettres personnelles, s'il y en a, numérotées comme les signatures
      manifest.json       la taille et l'empreinte SHA-256 de chaque fichier, les totaux, la racine de Merkle et la clé publique de l'organisation
      manifest.sig        la signature numérique (Ed25519) de manifest.json par l'organisation
    
    Comment la vérifier
    
      Dans un navigateur : ouvrez { $url } et déposez ce fichier ZIP tel que vous l'avez reçu. La page vérifie chaque fichier, l'empreinte de la liste des signatures et la signature numérique, et compare la clé à celle de l'organisation.
      En ligne de commande : peyvand bundle verify ARCHIVE.zip --fingerprint "{ $fingerprint }"
    
    Dans les deux cas, l'empreinte de la clé doit être celle imprimée sur la couverture du livre :
      { $fingerprint }
    Chaque signataire peut vérifier que sa signature y figure avec le code de reçu de son courriel de confirmation.

bundle-check-title = Vérifier une archive de pétition
bundle-check-intro = Si vous avez reçu de notre part le livre d'une pétition, vous pouvez vérifier ici que son archive signée (le fichier ZIP remis avec le livre) est complète et intacte, et que notre organisation l'a signée. Ce sont les mêmes vérifications que la commande peyvand bundle verify. Le fichier est vérifié puis supprimé ; rien n'est conservé.
bundle-check-our-key = La clé de signature de notre organisation a cette empreinte ; elle est aussi imprimée sur la couverture du livre :
bundle-check-file = L'archive (fichier ZIP, { $size } Mo au plus)
bundle-check-fingerprint = Empreinte imprimée sur la couverture de votre livre (facultatif)
bundle-check-fingerprint-hint = 64 lettres et chiffres ; les espaces ne comptent pas.
bundle-check-receipt = Un code de reçu à rechercher (facultatif)
bundle-check-submit = Vérifier l'archive
bundle-check-result = Résultat
bundle-check-ok = Cette archive est authentique : elle est complète, aucun fichier n'a été modifié et elle a été signée avec la clé de notre organisation.
bundle-check-other-key = L'archive est complète et intacte, mais elle a été signée avec une autre clé que celle de notre organisation : ce n'est pas l'archive que nous avons produite.
bundle-check-book-differs = L'archive est signée avec la clé de notre organisation, mais l'empreinte que vous avez saisie depuis le livre est différente : vérifiez votre saisie ; si elle est juste, ce livre ne vient pas de nous.
bundle-check-failed = Cette archive N'A PAS passé les vérifications. Ne vous y fiez pas.
bundle-check-files = Fichiers intacts : les { $files } fichiers ont la taille et l'empreinte SHA-256 indiquées par le manifeste ; aucun ne manque, aucun n'a été ajouté.
bundle-check-merkle = Liste des signatures intacte : son empreinte (racine de Merkle), recalculée à partir de ses { $count } entrées, est celle qui a été signée :
bundle-check-signature = Signature numérique valide, faite avec la clé dont l'empreinte est :
bundle-check-key-ours = C'est la clé de notre organisation (celle qu'utilise ce site).
bundle-check-key-not-ours = Ce N'EST PAS la clé de notre organisation. La nôtre est :
bundle-check-key-book-same = C'est l'empreinte que vous avez saisie depuis le livre.
bundle-check-key-book-differs = Ce N'EST PAS l'empreinte que vous avez saisie depuis le livre.
bundle-check-edition = Édition { $edition } de la pétition « { $title } » de { $organisation }, signatures vérifiées jusqu'au { $cutoff } : { $signatures } signatures, { $letters } lettres, { $volumes } volumes.
bundle-check-receipt-included = Le code de reçu { $code } y figure : entrée { $number } sur { $total }, avec la preuve qu'elle est dans la liste signée.
bundle-check-receipt-missing = Le code de reçu { $code } NE figure PAS dans cette édition.
bundle-check-technical = Détail technique (tel que le rapporte la commande peyvand bundle verify) :
bundle-problem-not-zip = Ce fichier n'est pas une archive ZIP, ou il est endommagé ou incomplet. Déposez l'archive exactement telle que vous l'avez reçue.
bundle-problem-ambiguous = L'archive ZIP est construite de façon à pouvoir montrer des fichiers différents selon le programme. Nous ne produisons jamais une telle archive : elle a été modifiée.
bundle-problem-unexpected-name = L'archive contient un fichier qu'aucune archive de pétition ne contient : { $file }.
bundle-problem-missing = Un fichier manque dans l'archive : { $file }. Il a été retiré.
bundle-problem-added = Un fichier a été ajouté à l'archive sans figurer au manifeste : { $file }.
bundle-problem-corrupt = Le fichier { $file } est endommagé dans l'archive.
bundle-problem-malformed = Le fichier { $file } n'a pas la forme attendue.
bundle-problem-tampered = Le fichier { $file } a été modifié après la signature de l'archive : son contenu ne correspond plus à son empreinte dans le manifeste. L'archive a été falsifiée.
bundle-problem-merkle = La liste des signatures ne correspond pas à son empreinte signée (racine de Merkle) : des entrées ont été modifiées, ajoutées ou retirées.
bundle-problem-signature = La signature numérique ne correspond pas au manifeste : le manifeste ou sa signature a été modifié.
bundle-problem-forged = Le manifeste annonce une empreinte de clé qui n'est pas celle de la clé qui l'a signé : le manifeste est falsifié.
bundle-problem-unreadable = L'archive n'a pas pu être lue. Veuillez réessayer.
bundle-problem-too-large = Le fichier dépasse les { $size } Mo acceptés par cette page. Une véritable archive de 100 000 signatures fait environ 140 Mo.
bundle-problem-not-a-form = Le fichier n'est pas arrivé comme un envoi de formulaire. Utilisez le formulaire de cette page.
form-error-bundle-missing = Choisissez le fichier ZIP de l'archive.
form-error-fingerprint-invalid = Saisissez les 64 lettres et chiffres imprimés sur la couverture du livre, ou laissez ce champ vide.
form-error-date-future = Une remise ne peut pas être datée dans le futur : saisissez le jour où elle a eu lieu.

## Later answers to a hand-over

edition-notice-answer = La réponse a été enregistrée.
handover-later-answer = Ce qu'ils ont répondu
handover-answered-on = Date de la réponse
handover-answer-add = Ajouter leur réponse
handover-answer-replace = Corriger leur réponse
handover-answer-save = Enregistrer la réponse
form-error-answer-date-future = Une réponse ne peut pas être datée dans le futur : saisissez le jour où elle a été donnée.
form-error-answer-before-handover = Une réponse ne peut pas être datée d'avant sa remise : vérifiez les deux dates.
edition-notice-removed = La remise a été marquée comme retirée. Elle reste dans l'historique.
handover-removed = Retirée : conservée dans l'historique, plus comptée.
handover-remove = Retirer cette remise
handover-remove-explained = Rien n'est effacé : la remise reste ici, marquée comme retirée, et le retrait est enregistré à votre nom.
handover-remove-confirm = La marquer comme retirée
# Remises tenues à jour (ticket 17) : comment elles ont été faites, corrections avec leur historique, réponses dans chaque langue, et la pétition marquée remise.
handover-channel = Comment elle leur est parvenue (facultatif)
handover-channel-in_person = En main propre
handover-channel-post = Par la poste
handover-channel-email = Par e-mail
handover-edit = Corriger cette remise
handover-edit-save = Enregistrer la correction
edition-notice-edited = La remise a été corrigée ; le changement reste dans son historique.
handover-answer-languages = Résumez la réponse dans au moins une langue ; les lecteurs voient la leur, ou une autre avec une note.
handover-later-answer-en = Ce qu'ils ont répondu, en anglais
handover-later-answer-fa = Ce qu'ils ont répondu, en persan
handover-later-answer-fr = Ce qu'ils ont répondu, en français
form-error-answer-summary-needed = Résumez la réponse dans au moins une langue.
handover-history-title = Historique de cette remise
handover-history-edit = { $when } : { $who } l'a corrigée : { $changes }.
handover-history-answer = { $when } : { $who } a enregistré la réponse : { $changes }.
handover-history-remove = { $when } : { $who } l'a marquée retirée.
handover-history-someone = un ancien membre de l'équipe
handover-history-change = { $field } de « { $before } » à « { $after } »
handover-history-set = { $field } : « { $after } »
handover-history-cleared = { $field } effacé (c'était « { $before } »)
handover-field-recipient = reçue par
handover-field-office = service
handover-field-handed-on = jour
handover-field-form = forme
handover-field-channel = comment elle leur est parvenue
handover-field-answer-en = la réponse en anglais
handover-field-answer-fa = la réponse en persan
handover-field-answer-fr = la réponse en français
handover-field-answered-on = le jour de la réponse
progress-answer-fallback = Pas encore résumée dans votre langue : affichée en { $language }.
petition-deliver-title = Marquer cette pétition comme remise ?
petition-deliver-explained = La marquer remise fait courir la durée de conservation : les données personnelles de ses signataires (noms, adresses, villes, lettres) seront effacées à partir du { $date }. Les décomptes, les pays et les empreintes des éditions restent.
petition-deliver-handovers = Remises enregistrées :
petition-deliver-confirm = Oui, la marquer remise
petition-deliver-cancel = Pas maintenant, retour à la pétition
petition-error-no-handover = Une pétition ne peut être marquée remise qu'après l'enregistrement d'une remise de l'une de ses éditions (non retirée).
progress-language-en = anglais
progress-language-fa = persan
progress-language-fr = français
news-from-answer = rédigée à partir d'une réponse
news-answer-subject = Les autorités ont répondu à la pétition
news-answer-body = Le { $date }, { $office } a répondu à la pétition : { $summary }
