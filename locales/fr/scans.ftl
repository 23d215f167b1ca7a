# Lettres numérisées : lettres sur papier et lettre de réponse de l’autorité.
form-error-scan-missing = Choisissez un fichier.
form-error-scan-too-large = Le fichier dépasse 10 Mio. Numérisez la page à une résolution plus basse (300 ppp suffisent) ou enregistrez la photo plus petite.
form-error-scan-pdf = Les fichiers PDF ne sont pas acceptés ici. Envoyez une photo ou une numérisation de la page en image JPEG ou PNG.
form-error-scan-not-image = Ce fichier n’est pas une image JPEG ou PNG. Envoyez une photo ou une numérisation de la page.
form-error-scan-too-many-pixels = Cette image compte trop de pixels (plus de 10 000 sur un côté, ou plus que le serveur n’en ouvre). Numérisez de nouveau la page à 300 ppp.
form-error-scan-unreadable = Cette image est endommagée et ne peut pas être lue. Enregistrez-la ou numérisez-la de nouveau.
form-error-scan-form = L’envoi n’a pas pu être lu. Choisissez de nouveau le fichier et renvoyez le formulaire.
form-error-paper-letter-batch-closed = Ce lot a été vérifié : on ne peut ajouter de lettre que tant qu’il attend sa vérification.
form-error-paper-letter-no-line = Ce lot n’a pas de signature sur cette feuille et cette ligne.
form-error-paper-letter-exists = Cette signature a déjà une lettre.
form-error-paper-letter-empty = Saisissez la lettre, joignez sa numérisation, ou les deux.
form-error-answer-scan-no-answer = Enregistrez d’abord la réponse : une lettre numérisée appartient à une réponse enregistrée.
audit-action-paper-letter-add = A ajouté une lettre sur papier à une signature sur papier
audit-action-paper-letter-scan-view = A lu la numérisation d’une lettre sur papier
audit-action-edition-handover-answer-scan = A joint la numérisation de la lettre de réponse d’une autorité
paper-letters-link = Lettres sur papier de ce lot
paper-letters-title = Lettres sur papier — lot { $id }
paper-letters-intro = Une lettre manuscrite recueillie avec une signature de ce lot : saisissez-la, joignez-en une numérisation ou une photo, ou les deux. Elle attend la modération comme toute lettre et n’entre dans le livre qu’après la vérification du lot par un collègue.
paper-letters-none = Aucune lettre sur papier n’a été ajoutée à ce lot.
paper-letters-add = Ajouter une lettre sur papier
paper-letters-sheet = Feuille
paper-letters-line = Ligne
paper-letters-text = La lettre, saisie
paper-letters-text-hint = Facultatif si une numérisation est jointe ; 5 000 caractères au plus.
paper-letters-scan = Numérisation ou photo de la lettre
paper-letters-scan-hint = JPEG ou PNG, 10 Mio au plus. La copie conservée est réencodée, 2 000 pixels au plus par côté, sans les données cachées du fichier (appareil, lieu, date).
paper-letters-submit = Ajouter la lettre
paper-letters-added = La lettre a été ajoutée et attend la modération.
paper-letters-closed = Ce lot a été vérifié ou refusé : on ne peut plus y ajouter de lettre.
paper-letters-scanned = Numérisation jointe
paper-letters-view-scan = Ouvrir la numérisation
paper-letters-state = Modération : { $state ->
    [pending] en attente
    [approved] approuvée
    [rejected] refusée
   *[other] —
}
letters-on-paper = Lettre sur papier
letters-scan-alt = Numérisation de la lettre
answer-scan-link = La lettre de réponse de l’autorité (numérisée)
answer-scan-title = La lettre de réponse de l’autorité
answer-scan-intro = Joignez une numérisation ou une photo de la lettre envoyée en réponse par les autorités. Elle est montrée sur la page publique de la pétition ; elle est donc conservée telle qu’elle est montrée : réencodée, 2 000 pixels au plus par côté, sans les données cachées du fichier.
answer-scan-current = La lettre montrée actuellement :
answer-scan-none = Aucune lettre numérisée n’est jointe à cette réponse.
answer-scan-file = Numérisation ou photo de la lettre de réponse
answer-scan-submit = Joindre la lettre
answer-scan-replace = Joindre une autre lettre remplace celle qui est montrée (l’ancienne reste dans les archives).
answer-scan-saved = La lettre a été jointe et est montrée sur la page de la pétition.
answer-scan-back = Retour à l’édition
progress-answer-letter = Lire la lettre de l’autorité (numérisée)
progress-answer-letter-alt = Numérisation de la lettre de réponse de l’autorité
