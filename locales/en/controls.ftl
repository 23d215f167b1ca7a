## Staff: petition management and signing controls

yes = Yes
no = No
save = Save
remove = Remove
actions = Actions

petition-new-title = New petition
petition-edit-title = Edit draft
petition-form-intro = A petition stays a draft, visible only to staff, until an administrator publishes it. Once published its text can no longer be changed.
petition-field-slug = Web address name
petition-field-slug-hint = 3 to 60 lower-case letters, digits and hyphens, e.g. let-families-visit. It appears in the petition's address.
petition-field-addressees = Addressed to
petition-field-addressees-hint = The officials or offices the petition is addressed to, one per line.
petition-field-goal = Signature goal (optional)
petition-field-opens = Signing opens on (optional)
petition-field-closes = Signing closes on (optional)
petition-field-letters = Signers may write a personal letter to the officials
petition-texts-hint = Write the petition in at least one language. Visitors see their own language when it is there, and otherwise another one, with a note saying so.
petition-field-title = Title
petition-field-summary = Summary (one short paragraph)
petition-field-body = Text (leave a blank line between paragraphs)
petition-save = Save draft
petition-verified = Confirmed signatures
petition-state-draft = Draft
petition-state-open = Open
petition-state-closed = Closed
petition-state-delivered = Delivered
petition-state-heading = Change state
petition-move-open = Publish and open for signing
petition-move-closed = Close signing
petition-move-delivered = Mark as delivered to the officials
petition-notice-created = The draft was created.
petition-notice-saved = The draft was saved.
petition-notice-state = The petition's state was changed.
petition-error-state = This change is not possible from the petition's present state.
petitions-new-link = Write a new petition

signing-controls = Signing controls
signing-notice-saved = Saved.
signing-notice-removed = Removed.
signing-notice-counted = Those signatures now count.
signing-notice-applied = The invalidation was applied.
signing-notice-reversed = The invalidation was reversed; its signatures count again.

email-rules-title = Email address rules
email-rules-intro = Rules decide when two addresses belong to the same person, so one person signs once. They apply to signatures taken from now on.
email-rules-caption = Rules by domain
email-rules-domain = Email domain
email-rules-dots = Dots in the name part do not matter
email-rules-plus = A +tag in the name part does not matter
email-rules-alias = Another name for this domain (optional)
email-rules-add = Add or change a rule
email-rules-hint = Without a rule, a +tag is ignored and dots count.

access-lists-title = Block and allow lists
access-lists-intro = Signatures matching a block entry are kept but never counted, and the signer sees the usual answer. Allow entries are never blocked or rate-limited. Addresses and domains are stored only as keyed hashes.
access-lists-caption = Entries in force
access-list = List
access-list-block = Block
access-list-allow = Allow
access-kind = Kind
access-kind-ip_range = IP address or range
access-kind-ip_hash = IP hash
access-kind-email_domain = Email domain
access-kind-email = Email address
access-value = Value
access-value-hint = For example 203.0.113.0/24, a hash from the trending page, example.org or name@example.org.
access-note = Reason
access-added = Added (UTC)
access-add = Add an entry

trending-title = Trending
trending-intro = Signatures of the last hour and the last 24 hours by IP hash and email domain, across all petitions. Only hashes are stored; common domains are named.
trending-chart-title = Signatures per hour, last 24 hours (UTC)
trending-chart-empty = No signatures in the last 24 hours.
trending-hour = Last hour
trending-day = Last 24 hours
trending-ips-hour = IP hashes, last hour
trending-ips-day = IP hashes, last 24 hours
trending-domains-hour = Email domains, last hour
trending-domains-day = Email domains, last 24 hours
trending-ip = IP hash
trending-domain = Email domain
trending-signatures = Signatures
trending-confirmed = Confirmed
trending-shadow = Not counted
trending-block = Block
trending-none = None.

shadow-title = Signatures kept out of the count
shadow-intro = These signatures were blocked by a list or came too fast from one network. Their signers saw the usual answer. If they are genuine, let them count; the reason is recorded.
shadow-caption = Not counted, by IP hash
shadow-reason = Reason for counting them
shadow-first = First (UTC)
shadow-last = Last (UTC)
shadow-count = Count these
shadow-count-all = Count all of them
shadow-none = No signature of this petition is kept out of the count.

invalidations-title = Invalidations
invalidations-intro = An invalidation takes confirmed signatures out of the count by the conditions you set. Nothing is deleted and it can be reversed. Preview first: it is applied only if it still takes exactly the number shown.
invalidations-new = New invalidation
invalidations-from = From day (UTC)
invalidations-to = To day (UTC, included)
invalidations-name = Name contains
invalidations-reason = Reason
invalidations-preview = Preview
invalidations-preview-heading = Preview
invalidations-preview-count = { $count ->
    [one] This would take 1 confirmed signature out of the count.
   *[other] This would take { $count } confirmed signatures out of the count.
}
invalidations-apply = Apply
invalidations-done = Applied invalidations
invalidations-caption = Invalidations of this petition
invalidations-rule = Conditions
invalidations-reversed = Reversed
invalidations-reverse-reason = Reason for reversing
invalidations-reverse = Reverse
invalidations-none = None yet.

form-error-slug-invalid = Use 3 to 60 lower-case letters, digits and single hyphens.
form-error-slug-taken = Another petition already has this name.
form-error-petition-not-draft = Only drafts can be edited.
form-error-text-required = Write a title and text in at least one language.
form-error-closes-before-opens = The end must come after the start.
form-error-date-invalid = Enter a date like 2026-12-31 (Gregorian) or 1405-10-10 (Solar Hijri).
form-error-domain-invalid = Enter a domain like example.org.
form-error-ip-range-invalid = Enter an IP address or range like 203.0.113.0/24.
form-error-ip-hash-invalid = Enter a hash as shown on the trending page.
form-error-note-invalid = Use plain text of at most 500 characters.
form-error-pattern-invalid = Enter 2 to 100 characters of plain text.
form-error-condition-required = Set at least one condition.
form-error-preview-changed = The signatures this would take changed since the preview. Check the new number and apply again.
