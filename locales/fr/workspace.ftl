## L’espace de travail du personnel (ticket 15) : notes de dossier et journal des contacts,
## suivis, pagination, journal d’audit lisible, statistiques.

pager-label = Pages
pager-first = Première
pager-prev = Précédente
pager-next = Suivante
pager-last = Dernière
pager-position = Page { $page } sur { $pages }

notes-link = Notes et journal des contacts
notes-title-request = Notes sur la demande no { $id }
notes-title-match = Notes sur la correspondance no { $id }
notes-back-request = Retour à la demande no { $id }
notes-back-match = Retour à la correspondance no { $id }
notes-list = Notes et contacts, les plus récents d’abord
notes-caption = Notes et contacts consignés ({ $total } en tout)
notes-none = Aucune note pour l’instant.
notes-col-when = Quand (UTC)
notes-col-who = Qui
notes-col-what = Quoi
notes-col-text = Note
notes-col-follow-up = Suivi le
notes-on-match = correspondance no { $id }
notes-follow-up-done = fait
notes-add = Ajouter une note ou consigner un contact
notes-field-kind = De quoi s’agit-il ?
notes-kind-note = Une note
notes-kind-contact = Un appel ou une rencontre
notes-field-channel = Comment le contact a eu lieu
notes-field-channel-hint = Seulement pour un appel ou une rencontre.
notes-field-outcome = Ce qui en est sorti
notes-field-text = Note
notes-field-text-hint = Conservée chiffrée ; chaque lecture est enregistrée. { $max } caractères au plus.
notes-field-follow-up = Suivi le (facultatif)
notes-field-follow-up-hint = Un jour, comme 2026-12-31. Il s’affichera sur votre page d’accueil à partir de ce jour.
notes-submit = Enregistrer
notes-notice-added = La note a été enregistrée.
notes-channel-phone = Appel téléphonique
notes-channel-video = Appel vidéo
notes-channel-in-person = Rencontre en personne
notes-channel-written = Courriel ou lettre
notes-channel-other = Autre
notes-outcome-reached = Nous nous sommes parlé
notes-outcome-no-answer = Pas de réponse
notes-outcome-message-left = Message laissé
notes-outcome-rescheduled = Autre moment convenu
notes-outcome-refused = N’a pas souhaité parler

follow-ups-title = Suivis à faire
follow-ups-caption = Vos notes dont le jour de suivi est arrivé, les plus anciennes d’abord
follow-ups-col-due = Jour
follow-ups-col-case = Dossier
follow-ups-col-done = Fait ?
follow-ups-overdue = en retard
follow-ups-mark-done = Marquer comme fait

form-error-note-too-long = C’est trop long : 5 000 caractères au plus.
form-error-follow-up-past = Ce jour est passé : choisissez aujourd’hui ou un jour suivant.
form-error-follow-up-far = Choisissez un jour dans l’année qui vient.
