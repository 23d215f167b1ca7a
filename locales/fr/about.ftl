# Who we are (#14 item 8)
about-privacy-link = Confidentialité
about-about-link = Qui sommes-nous et contact
about-consent-privacy-link = Ce que nous faisons de vos données : la notice de confidentialité (s'ouvre dans un nouvel onglet)
about-privacy-title = Notice de confidentialité
about-about-title = Qui sommes-nous et comment joindre quelqu'un
about-retention-title = Combien de temps nous gardons vos données
about-retention-intro = Ces durées sont celles que ce portail est réglé pour appliquer ; à leur terme, les données personnelles sont effacées et seuls les décomptes restent.
about-retention-what = Quoi
about-retention-how-long = Conservé
about-retention-days = { $days } jours
about-retention-signatures = Signatures et lettres, après la remise de la pétition
about-retention-contact = Une demande de contact ou une inscription, après sa confirmation ou son dernier renouvellement (sauf si vous la renouvelez)
about-retention-relay = Les messages d'une conversation close
about-retention-links = Un lien renvoyé à votre demande
about-edit-title = Pages « qui sommes-nous »
about-edit-intro = La notice de confidentialité et la page « qui sommes-nous », dans chaque langue. Séparez les paragraphes par une ligne vide ; une ligne commençant par « ## » est un titre, une ligne commençant par « - » un élément de liste. Le balisage est affiché tel quel, jamais comme du HTML. Laissez le texte vide pour revenir au texte par défaut.
about-edit-pages = Pages et langues
about-edit-saved = Enregistré. La page publique affiche désormais le nouveau texte.
about-edit-default = Cette page affiche le texte par défaut ; l'enregistrer conserve le vôtre.
about-edit-body = Texte
about-edit-hint = Paragraphes séparés par une ligne vide ; « ## » commence un titre, « - » un élément de liste.
about-edit-submit = Enregistrer le texte
about-default-privacy =
    ## Qui est responsable
    { $organisation } gère ce portail et est responsable (responsable du traitement) des données personnelles qu'il conserve.

    ## Ce que nous conservons et pourquoi
    - Quand vous signez une pétition : votre nom, votre adresse e-mail, votre pays et votre ville, votre lien avec le proche détenu si vous l'indiquez, votre lettre si vous en écrivez une, et vos choix d'affichage de votre nom. Il nous les faut pour compter votre signature, vous permettre de la confirmer et de la retirer, et remettre le livre de la pétition aux responsables.
    - Quand vous nous demandez de retrouver un proche ou vous inscrivez vous-même : les noms, années et lieux indiqués, vos coordonnées et vos choix sur qui peut vous contacter. Il nous les faut pour chercher une correspondance et demander le consentement des deux côtés.
    - Les messages que vous écrivez par le portail après une mise en relation, pour que l'autre personne puisse les lire.
    - Un code à clé de votre adresse réseau, contre les abus. Nous ne gardons pas l'adresse elle-même.
    Les adresses e-mail, numéros de téléphone, lettres et messages sont conservés chiffrés. L'équipe ne voit des données personnelles que lorsque son travail l'exige, et chaque consultation est enregistrée.

    ## Vos droits
    Vous pouvez à tout moment consulter, corriger ou effacer vos données, vous opposer à leur usage et retirer votre consentement. Une signature se retire depuis le lien de votre e-mail de confirmation ; une demande ou une inscription se clôt ou s'efface depuis sa propre page. Si vous avez perdu le lien, demandez-en un nouveau sur la page « Lien perdu ? ».

    ## Comment effacer vos données
    Utilisez le bouton « retirer » ou « effacer » sur votre page, ou écrivez-nous (voir « Qui sommes-nous et contact »). L'effacement est immédiat ; il ne reste qu'une trace, sans vos données, que quelque chose a été effacé.

    ## Contact
    Pour toute question sur vos données, écrivez à { $organisation } comme indiqué sur la page « Qui sommes-nous et contact ». Vous pouvez aussi saisir l'autorité de protection des données de votre pays.
about-default-about =
    ## Qui nous sommes
    { $organisation } aide les familles séparées de proches vivant dans un groupe fermé : par des pétitions aux responsables, et en remettant les personnes en contact, seulement quand les deux côtés le veulent.

    ## Comment joindre quelqu'un
    Répondez à n'importe quel e-mail que nous vous avons envoyé : un membre de l'équipe vous répondra. Nous ne demandons jamais de mot de passe ni de paiement, et nous ne vous appelons jamais sans prévenir.

    ## Si vous craignez d'être retrouvé
    - Personne n'apprend par ce portail si vous êtes inscrit ni si quelqu'un vous cherche.
    - Vous pouvez vous inscrire comme ouvert à personne, ou exclure des personnes nommées ; ces règles s'appliquent avant qu'un membre de l'équipe ne voie un candidat.
    - Utilisez une adresse e-mail que vous seul lisez et ouvrez nos liens sur un appareil à vous. Effacez nos e-mails si d'autres voient votre boîte.
    - Si vous êtes en danger maintenant, appelez d'abord les secours locaux.
receipt-print-title = Votre reçu
receipt-print-petition = Pétition
receipt-print-date = Confirmée le
receipt-print-check = Vérifiez plus tard que votre signature figure dans le livre remis
receipt-print-hint = Gardez ce reçu : imprimez cette page (commande « Imprimer » du navigateur) ou notez le code. Il ne montre ni votre nom ni votre adresse.
