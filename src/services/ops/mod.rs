//! Operating a deployment: consistent backups and their restore ([`backup`]), and the
//! master key's rotation ([`keys`]), its status and retirement ([`key_status`]), over the
//! sealed columns listed once in `key_tables`.

pub mod backup;
pub mod key_status;
mod key_tables;
pub mod keys;
