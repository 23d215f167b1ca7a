## Équipe : gestion des pétitions et contrôle des signatures

yes = Oui
no = Non
save = Enregistrer
remove = Supprimer
actions = Actions

petition-new-title = Nouvelle pétition
petition-edit-title = Modifier le brouillon
petition-form-intro = Une pétition reste un brouillon, visible seulement par l'équipe, jusqu'à ce qu'un administrateur la publie. Une fois publiée, son texte ne peut plus être modifié.
petition-field-slug = Nom dans l'adresse web
petition-field-slug-hint = De 3 à 60 lettres minuscules, chiffres et traits d'union, par exemple let-families-visit. Ce nom apparaît dans l'adresse de la pétition.
petition-field-addressees = Adressée à
petition-field-addressees-hint = Les autorités ou les services auxquels la pétition s'adresse, un par ligne.
petition-field-goal = Objectif de signatures (facultatif)
petition-field-opens = Ouverture des signatures le (facultatif)
petition-field-closes = Clôture des signatures le (facultatif)
petition-field-letters = Les signataires peuvent écrire une lettre personnelle aux autorités
petition-texts-hint = Rédigez la pétition dans au moins une langue. Les visiteurs la lisent dans leur langue si elle existe, et sinon dans une autre, avec une note qui le signale.
petition-field-title = Titre
petition-field-summary = Résumé (un court paragraphe)
petition-field-body = Texte (laissez une ligne vide entre les paragraphes)
petition-save = Enregistrer le brouillon
petition-verified = Signatures confirmées
petition-state-draft = Brouillon
petition-state-open = Ouverte
petition-state-closed = Close
petition-state-delivered = Remise
petition-state-heading = Changer l'état
petition-move-open = Publier et ouvrir aux signatures
petition-move-closed = Clore les signatures
petition-move-delivered = Marquer comme remise aux autorités
petition-notice-created = Le brouillon a été créé.
petition-notice-saved = Le brouillon a été enregistré.
petition-notice-state = L'état de la pétition a été modifié.
petition-error-state = Ce changement n'est pas possible depuis l'état actuel de la pétition.
petitions-new-link = Rédiger une nouvelle pétition

signing-controls = Contrôle des signatures
signing-notice-saved = Enregistré.
signing-notice-removed = Supprimé.
signing-notice-counted = Ces signatures comptent désormais.
signing-notice-applied = L'invalidation a été appliquée.
signing-notice-reversed = L'invalidation a été annulée ; ses signatures comptent de nouveau.

email-rules-title = Règles des adresses électroniques
email-rules-intro = Les règles déterminent quand deux adresses appartiennent à la même personne, afin que chacun ne signe qu'une fois. Elles s'appliquent aux signatures recueillies à partir de maintenant.
email-rules-caption = Règles par domaine
email-rules-domain = Domaine de messagerie
email-rules-dots = Les points dans la partie nom ne comptent pas
email-rules-plus = Un +tag dans la partie nom ne compte pas
email-rules-alias = Autre nom de ce domaine (facultatif)
email-rules-add = Ajouter ou modifier une règle
email-rules-hint = Sans règle, un +tag est ignoré et les points comptent.

access-lists-title = Listes de blocage et d'autorisation
access-lists-intro = Les signatures qui correspondent à une entrée de blocage sont conservées mais jamais comptées, et le signataire voit la réponse habituelle. Les entrées d'autorisation ne sont jamais bloquées ni soumises à une limite de débit. Les adresses et les domaines ne sont enregistrés que sous forme d'empreintes à clé.
access-lists-caption = Entrées en vigueur
access-list = Liste
access-list-block = Blocage
access-list-allow = Autorisation
access-kind = Type
access-kind-ip_range = Adresse ou plage IP
access-kind-ip_hash = Empreinte IP
access-kind-email_domain = Domaine de messagerie
access-kind-email = Adresse électronique
access-value = Valeur
access-value-hint = Par exemple 203.0.113.0/24, une empreinte tirée de la page Tendances, example.org ou name@example.org.
access-note = Motif
access-added = Date d'ajout (UTC)
access-add = Ajouter une entrée

trending-title = Tendances
trending-intro = Signatures de la dernière heure et des dernières 24 heures, par empreinte IP et par domaine de messagerie, toutes pétitions confondues. Seules les empreintes sont enregistrées ; les domaines courants sont nommés.
trending-chart-title = Signatures par heure, dernières 24 heures (UTC)
trending-chart-empty = Aucune signature au cours des dernières 24 heures.
trending-hour = Dernière heure
trending-day = Dernières 24 heures
trending-ips-hour = Empreintes IP, dernière heure
trending-ips-day = Empreintes IP, dernières 24 heures
trending-domains-hour = Domaines de messagerie, dernière heure
trending-domains-day = Domaines de messagerie, dernières 24 heures
trending-ip = Empreinte IP
trending-domain = Domaine de messagerie
trending-signatures = Signatures
trending-confirmed = Confirmées
trending-shadow = Non comptées
trending-block = Bloquer
trending-none = Aucun résultat.

shadow-title = Signatures tenues hors du décompte
shadow-intro = Ces signatures ont été bloquées par une liste ou sont arrivées trop vite depuis un même réseau. Leurs signataires ont vu la réponse habituelle. Si elles sont authentiques, faites-les compter ; le motif est enregistré.
shadow-caption = Non comptées, par empreinte IP
shadow-reason = Motif pour les compter
shadow-first = Première (UTC)
shadow-last = Dernière (UTC)
shadow-count = Compter celles-ci
shadow-count-all = Les compter toutes
shadow-none = Aucune signature de cette pétition n'est tenue hors du décompte.

invalidations-title = Invalidations
invalidations-intro = Une invalidation retire du décompte les signatures confirmées qui remplissent les conditions que vous fixez. Rien n'est supprimé et elle peut être annulée. Consultez d'abord l'aperçu : elle n'est appliquée que si elle retire encore exactement le nombre affiché.
invalidations-new = Nouvelle invalidation
invalidations-from = Du jour (UTC)
invalidations-to = Au jour (UTC, inclus)
invalidations-name = Le nom contient
invalidations-reason = Motif
invalidations-preview = Voir l'aperçu
invalidations-preview-heading = Aperçu
invalidations-preview-count = { $count ->
    [one] Cela retirerait { $count } signature confirmée du décompte.
   *[other] Cela retirerait { $count } signatures confirmées du décompte.
}
invalidations-apply = Appliquer
invalidations-done = Invalidations appliquées
invalidations-caption = Invalidations de cette pétition
invalidations-rule = Conditions
invalidations-reversed = Annulée
invalidations-reverse-reason = Motif de l'annulation
invalidations-reverse = Annuler
invalidations-none = Aucune pour l'instant.

form-error-slug-invalid = Utilisez de 3 à 60 lettres minuscules, chiffres et traits d'union (jamais deux traits d'union de suite).
form-error-slug-taken = Une autre pétition porte déjà ce nom.
form-error-petition-not-draft = Seuls les brouillons peuvent être modifiés.
form-error-text-required = Saisissez un titre et un texte dans au moins une langue.
form-error-closes-before-opens = La clôture doit être postérieure à l'ouverture.
form-error-date-invalid = Saisissez une date comme 2026-12-31 (grégorien) ou 1405-10-10 (hégirien solaire).
form-error-domain-invalid = Saisissez un domaine comme example.org.
form-error-ip-range-invalid = Saisissez une adresse ou une plage IP comme 203.0.113.0/24.
form-error-ip-hash-invalid = Saisissez une empreinte telle qu'elle apparaît sur la page Tendances.
form-error-note-invalid = Utilisez du texte simple de 500 caractères au maximum.
form-error-pattern-invalid = Saisissez de 2 à 100 caractères de texte simple.
form-error-condition-required = Fixez au moins une condition.
form-error-preview-changed = Les signatures concernées ont changé depuis l'aperçu. Vérifiez le nouveau nombre et appliquez de nouveau.
