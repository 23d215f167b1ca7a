# Dates, chiffres et heures persans (#14 point 6)
calendar-gregorian = grégorien
calendar-solar = hégirien solaire
calendar-year-solar = { $typed } (hégirien solaire) = { $gregorian }
calendar-year-gregorian = { $typed } (grégorien) = { $solar } (hégirien solaire)
calendar-year-shown = { $gregorian } ({ $solar } hégirien solaire)
calendar-day-both = { $gregorian } (grégorien) = { $solar } (hégirien solaire)
calendar-year-hint = Une année dans l'un ou l'autre calendrier : grégorien (p. ex. 1975) ou hégirien solaire (p. ex. 1354). Les années de 1279 à l'année en cours sont lues comme hégiriennes solaires, celles à partir de 1900 comme grégoriennes.
calendar-day-hint = Année-mois-jour, dans l'un ou l'autre calendrier : grégorien (p. ex. 2026-12-07) ou hégirien solaire (p. ex. 1405-09-16).
calendar-read-as = Compris comme : { $text }
form-error-calendar-year-range = Indiquez une année de 1900 à l'année en cours (grégorien, p. ex. 1975) ou de 1279 à l'année en cours (hégirien solaire, p. ex. 1354).
form-error-calendar-day-range = Ce jour n'existe pas : l'année doit être comprise entre 1900 et 2100 (grégorien) ou entre 1279 et 1479 (hégirien solaire), et le mois et le jour doivent exister dans ce calendrier.
footer-time-zone = Les heures sont indiquées dans le fuseau horaire { $zone }.
