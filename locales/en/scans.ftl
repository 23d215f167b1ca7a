# Scanned letters: letters on paper (#16 item 3) and the official's answer letter (#17 item 1).
form-error-scan-missing = Choose a file.
form-error-scan-too-large = The file is larger than 10 MiB. Scan the page again at a lower resolution (300 dpi is plenty) or save the photo smaller.
form-error-scan-pdf = PDF files are not accepted here. Please upload a photo or scan of the page as a JPEG or PNG image.
form-error-scan-not-image = This file is not a JPEG or PNG image. Please upload a photo or scan of the page.
form-error-scan-too-many-pixels = This image has too many pixels (more than 10,000 along a side, or more than the server will open). Scan the page again at 300 dpi.
form-error-scan-unreadable = This image is damaged and cannot be read. Please save or scan it again.
form-error-scan-form = The upload could not be read. Please choose the file again and send the form once more.
form-error-paper-letter-batch-closed = This batch has been checked: letters can only be added while it waits for its check.
form-error-paper-letter-no-line = This batch has no signature on this sheet and line.
form-error-paper-letter-exists = This signature already has a letter.
form-error-paper-letter-empty = Type the letter in, attach its scan, or both.
form-error-answer-scan-no-answer = Record the answer first: a scanned letter belongs to a recorded answer.
audit-action-paper-letter-add = Added a letter on paper to a paper signature
audit-action-paper-letter-scan-view = Read the scan of a letter on paper
audit-action-edition-handover-answer-scan = Attached the scan of an official's answer letter
paper-letters-link = Letters on paper of this batch
paper-letters-title = Letters on paper — batch { $id }
paper-letters-intro = A handwritten letter collected with a signature on this batch: type it in, attach a scan or photo of it, or both. It waits for moderation like any letter, and reaches the book only after a colleague has checked the batch.
paper-letters-none = No letter on paper has been added to this batch.
paper-letters-add = Add a letter on paper
paper-letters-sheet = Sheet
paper-letters-line = Line
paper-letters-text = The letter, typed in
paper-letters-text-hint = Optional when a scan is attached; at most 5,000 characters.
paper-letters-scan = Scan or photo of the letter
paper-letters-scan-hint = JPEG or PNG, at most 10 MiB. The copy kept is re-encoded, at most 2,000 pixels along a side, and without the file's hidden data (camera, place, date).
paper-letters-submit = Add the letter
paper-letters-added = The letter was added and waits for moderation.
paper-letters-closed = This batch has been checked or rejected: no letter can be added any more.
paper-letters-scanned = Scan attached
paper-letters-view-scan = Open the scan
paper-letters-state = Moderation: { $state ->
    [pending] waiting
    [approved] approved
    [rejected] rejected
   *[other] —
}
letters-on-paper = Letter on paper
letters-scan-alt = Scan of the letter
answer-scan-link = The official's answer letter (scan)
answer-scan-title = The official's answer letter
answer-scan-intro = Attach a scan or photo of the letter the officials sent in answer. It is shown on the petition's public page, so it is kept as it is shown: re-encoded, at most 2,000 pixels along a side, without the file's hidden data.
answer-scan-current = The letter shown now:
answer-scan-none = No scanned letter is attached to this answer.
answer-scan-file = Scan or photo of the answer letter
answer-scan-submit = Attach the letter
answer-scan-replace = Attaching another letter replaces the one shown (the old one is kept in the records).
answer-scan-saved = The letter was attached and is shown on the petition's page.
answer-scan-back = Back to the edition
progress-answer-letter = Read the official's letter (scan)
progress-answer-letter-alt = Scan of the official's answer letter
