## Pages de l'équipe — français

staff-nav-label = Équipe
staff-home-title = Espace équipe
staff-admin-title = Comptes de l'équipe
approvals-title = Approbations
audit-title = Journal d'audit
staff-logout = Se déconnecter

## Connexion
staff-login-title = Connexion de l'équipe
staff-field-email = Adresse électronique
staff-field-password = Mot de passe
staff-login-submit = Continuer
staff-verify-title = Deuxième étape
staff-verify-intro = Saisissez le code à six chiffres affiché par votre application d'authentification.
staff-field-code = Code
staff-verify-recovery-hint = Vous avez perdu votre téléphone ? Saisissez plutôt l'un de vos codes de récupération.
staff-verify-submit = Se connecter

## Activation du compte
staff-enrol-title = Choisissez votre mot de passe
staff-enrol-intro = Choisissez un mot de passe pour votre compte de l'espace équipe. Vous configurerez ensuite une application d'authentification.
staff-field-new-password = Nouveau mot de passe
staff-password-hint = Au moins 12 caractères. Quelques mots sans rapport entre eux font un bon mot de passe. Les mots de passe très courants sont refusés.
staff-field-password-confirm = Le même mot de passe, une seconde fois
staff-enrol-submit = Enregistrer le mot de passe
staff-link-invalid-title = Ce lien ne peut pas être utilisé
staff-link-invalid-text = Le lien a expiré, a déjà été utilisé ou n'est pas valide. Demandez une nouvelle invitation à un administrateur.
staff-totp-title = Configurez votre application d'authentification
staff-totp-intro = Scannez le code avec une application d'authentification (par exemple Aegis, FreeOTP ou Google Authenticator), puis saisissez le code à six chiffres qu'elle affiche.
staff-totp-qr-caption = Code QR pour votre application d'authentification
staff-totp-secret-label = Si vous ne pouvez pas le scanner, saisissez cette clé :
staff-totp-submit = Confirmer
staff-recovery-title = Vos codes de récupération
staff-recovery-intro = Conservez ces dix codes en lieu sûr, loin de votre téléphone. Si vous perdez votre application d'authentification, chacun de ces codes vous permettra de vous connecter une seule fois. Ils ne seront plus affichés.
staff-recovery-continue = Je les ai mis de côté — continuer

## Tableau de bord
staff-home-welcome = Bienvenue, { $name }.
staff-home-admin-text = Inviter des collègues, modifier les rôles, désactiver des comptes.
staff-home-approvals-text = Les actions qui nécessitent un second administrateur.
staff-home-audit-text = Chaque action et chaque consultation de données personnelles.
staff-home-sessions-title = Vos sessions
staff-home-sessions-text = Fermez votre session sur tous les appareils où elle est ouverte, par exemple si vous avez perdu un ordinateur portable.
staff-home-sessions-submit = Se déconnecter partout

## Administration
staff-admin-caption = Tous les comptes de l'équipe
staff-col-name = Nom
staff-col-roles = Rôles
staff-col-state = État
staff-state-active = Actif
staff-state-enrolling = Pas encore configuré
staff-state-disabled = Désactivé
role-admin = Administrateur
role-caseworker = Chargé de dossiers
role-organiser = Organisateur
staff-invite-title = Inviter un collègue
staff-invite-intro = Cette personne recevra par courriel un lien à usage unique pour choisir son mot de passe et configurer sa vérification en deux étapes.
staff-invite-admin-hint = Le rôle d'administrateur se donne après l'inscription, depuis la page du collègue, et nécessite l'approbation d'un second administrateur. Le rôle de chargé de dossiers peut être choisi ici, mais il n'est donné qu'après l'approbation d'un second administrateur (page des approbations).
staff-invite-submit = Envoyer l'invitation
staff-roles-legend = Rôles de ce compte
staff-field-reason = Motif
staff-roles-submit = Enregistrer les rôles
staff-access-heading = Accès
staff-disable-submit = Désactiver le compte
staff-enable-submit = Activer le compte
staff-end-sessions-submit = Déconnecter de tous les appareils
staff-reset-heading = Réinitialiser la vérification en deux étapes
staff-reset-text = Si cette personne a perdu son application d'authentification, une réinitialisation supprime son mot de passe et son application et lui envoie par courriel un nouveau lien d'inscription. Un second administrateur doit l'approuver.
staff-reset-submit = Proposer la réinitialisation
staff-notice-invited = Invitation envoyée.
staff-notice-saved = Enregistré.
staff-notice-proposed = Proposition enregistrée. Elle prendra effet lorsqu'un autre administrateur l'aura approuvée.
staff-notice-sessions-ended = Toutes les sessions de ce compte ont été fermées.
staff-notice-enabled = Le compte est activé.
staff-notice-disabled = Le compte est désactivé et ses sessions ont été fermées.

## Approbations
approvals-intro = Certaines actions nécessitent deux administrateurs : l'un propose, un autre approuve. Rien ne se passe avant cette approbation.
approvals-none = Rien n'a été proposé.
approval-notice-approved = Approuvé et exécuté.
approval-notice-rejected = Refusé. Rien n'a été modifié.
approval-error-invalid = Veuillez choisir d'approuver ou de refuser ; une note peut contenir au maximum 500 caractères.
approval-error-not-found = Cette proposition n'existe pas.
approval-error-already-decided = Une décision a déjà été prise sur cette proposition.
approval-error-expired = Cette proposition a expiré. Elle peut être proposée de nouveau.
approval-error-own-proposal = Vous avez fait cette proposition vous-même : un autre administrateur doit en décider.
approval-error-own-account = Cette proposition concerne votre propre compte : un autre administrateur doit en décider.
approval-error-missing-role = Seuls les administrateurs peuvent prendre cette décision.
approval-kind-staff-reset-second-factor = Réinitialiser la vérification en deux étapes
approval-proposer = Proposé par
approval-status = État
approval-status-pending = En attente d'approbation
approval-status-approved = Approuvé
approval-status-rejected = Refusé
approval-status-expired = Expiré
approval-expires = Expiration
approval-note = Note (facultative)
approval-approve = Approuver
approval-reject = Refuser

## Journal d'audit
audit-intact = Le journal est intact : chaque entrée a été vérifiée ({ $events } entrées).
audit-broken = Attention : le journal a été falsifié. La première entrée altérée porte le numéro { $seq }.
audit-filter-action = L'action commence par
audit-filter-actor = Auteur
audit-filter-submit = Filtrer
audit-caption = Entrées, des plus récentes aux plus anciennes ({ $total } au total)
audit-col-time = Date et heure (UTC)
audit-col-actor = Auteur
audit-col-action = Action
audit-col-subject = Objet
audit-col-details = Détails
audit-pages = Pages
audit-newer = Plus récentes
audit-older = Plus anciennes

## Erreurs de formulaire des pages de l'équipe
form-error-login-failed = L'adresse électronique ou le mot de passe est incorrect, ou il y a eu trop de tentatives. Veuillez vérifier et réessayer dans quelques minutes.
form-error-code-wrong = Ce code est incorrect ou a déjà été utilisé. Saisissez le code actuel de votre application, ou un code de récupération.
form-error-password-too-short = Utilisez au moins 12 caractères.
form-error-password-common = Ce mot de passe est trop courant. Choisissez-en un autre.
form-error-password-personal = Ne construisez pas votre mot de passe avec votre adresse électronique, votre nom, ou le nom de ce service ou de l’organisation.
form-error-password-pattern = Évitez les caractères répétés, les suites comme 1234 ou abcd et les rangées de touches comme qwerty.
form-error-password-guessable = Ce mot de passe est facile à deviner. Quelques mots sans rapport entre eux en font un solide.
form-error-password-mismatch = Les deux mots de passe sont différents.
form-error-email-invalid = Saisissez une adresse électronique comme name@example.org (lettres latines simples, sans accents).
form-error-email-exists = Un compte de l'équipe utilise déjà cette adresse électronique.
form-error-name-invalid = Saisissez un nom de 100 caractères au maximum.
form-error-role-required = Choisissez au moins un rôle.
form-error-own-account = Vous ne pouvez pas faire cela sur votre propre compte.
form-error-reason-required = Indiquez un motif : l'administrateur qui approuvera la demande le verra.
form-error-last-admin = C'est le dernier administrateur actif ; nommez d'abord une autre personne administrateur.

## Courriel
email-staff-invite-subject = Votre compte dans l'espace équipe
email-staff-invite-body = Un compte a été créé pour vous. Ouvrez ce lien pour choisir votre mot de passe :
email-staff-invite-expiry = Ce lien ne fonctionne qu'une seule fois et expire dans 72 heures. Si vous ne vous attendiez pas à ce message, ignorez-le.

## Four-eyes rules, enrolment links
staff-roles-hint = Donner ou retirer le rôle d'administrateur ou de chargé de dossiers demande un motif et l'approbation d'un second administrateur.
staff-active-hint = Pour le compte d'un administrateur, indiquez un motif : un second administrateur doit approuver.
staff-own-account = C'est votre propre compte. Un autre administrateur doit modifier ses rôles ou son accès.
staff-resend-heading = Inscription non terminée
staff-resend-text = Ce collègue n'a pas terminé la configuration de son compte. Vous pouvez envoyer un nouveau lien d'inscription ; les liens précédents ne fonctionneront plus.
staff-resend-submit = Envoyer un nouveau lien
staff-notice-link-sent = Un nouveau lien d'inscription a été envoyé.
approval-detail = Ensuite
approval-code = Votre code d'authentification actuel (ou un code de secours)
approval-error-second-factor = Le code d'authentification est incorrect ou a déjà été utilisé. Décider demande un code récent.
approval-error-no-longer-valid = Cette proposition ne s'applique plus : l'auteur ou le compte concerné a changé depuis. Rien n'a été fait.
approval-kind-staff-set-roles = Modifier les rôles (administrateur ou chargé de dossiers)
approval-kind-staff-set-active = Activer ou désactiver un administrateur
form-error-admin-needs-approval = Le rôle d'administrateur ne peut pas être donné par invitation. Invitez d'abord le collègue, puis donnez le rôle depuis sa page.
form-error-already-enrolled = Ce compte a déjà une vérification en deux étapes ; proposez plutôt une réinitialisation.
email-staff-reenrol-subject = Configurez de nouveau votre compte
email-staff-reenrol-body = Votre compte doit être configuré de nouveau. Ouvrez ce lien pour choisir un nouveau mot de passe et une nouvelle application d'authentification :

mail-title = Courriel
staff-home-mail-text = Les courriels en attente d'envoi et ceux qui n'ont pas pu être remis.
staff-home-failed-mail = Des courriels n'ont pas pu être remis : { $count } en échec. Voir la page Courriel.
mail-intro = Un courriel est réessayé pendant { $days } jours, à intervalles croissants jusqu'à une heure, avant d'être marqué en échec ; un refus définitif du serveur de messagerie le marque en échec aussitôt. Les courriels en échec sont conservés pour pouvoir être renvoyés.
mail-notice-retried = Le courriel va être renvoyé maintenant.
mail-notice-none = Aucun courriel en échec à renvoyer.
mail-pending-title = En attente
mail-pending = Courriels en attente d'envoi ou de nouvel essai : { $count }
mail-oldest-pending = Le plus ancien a été mis en file le { $at } UTC (il y a { $hours } h).
mail-failed-title = En échec
mail-failed = Courriels en échec : { $count }
mail-retry-all = Renvoyer tous les courriels en échec
mail-failed-list = Courriels en échec
mail-failed-private = Le destinataire et le contenu d'un courriel sont des données personnelles : ils ne sont pas affichés ici.
mail-failed-more = Les { $shown } plus récents sont listés.
mail-failed-caption = Courriels en échec, du plus récent au plus ancien
mail-queued = Mis en file (UTC)
mail-age = Âge
mail-attempts = Tentatives
mail-last-error = Dernière erreur
mail-hours = { $hours } h
mail-retry = Renvoyer
mail-error-permanent = Refusé par le serveur de messagerie (réponse { $reply })
mail-error-transient = Différé par le serveur de messagerie (réponse { $reply })
mail-error-timeout = Le serveur de messagerie n'a pas répondu à temps
mail-error-tls = La connexion sécurisée a échoué
mail-error-connection = Pas de connexion au serveur de messagerie, ou connexion rompue
mail-error-file = Le dossier des courriels n'a pas pu être écrit
mail-error-address = L'adresse n'est pas valide
mail-error-stored = Le courriel enregistré ne peut pas être lu
mail-error-other = Autre erreur

email-staff-login-alert-subject = Échecs répétés de connexion du personnel
email-staff-login-alert-body = Quelqu'un a échoué de nombreuses fois à se connecter à un compte du personnel. L'adresse est bloquée pour un temps pour les navigateurs qui ne s'y sont jamais connectés ; le navigateur du collègue concerné peut toujours se connecter. Le journal d'audit donne les détails :
email-staff-login-alert-note = Vous recevez au plus un courriel de ce type par heure pour une même adresse. Rien à faire tant que les tentatives ne continuent pas.
