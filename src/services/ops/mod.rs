//! Operating a deployment: consistent backups and their restore ([`backup`]), and the
//! master key's rotation and retirement ([`keys`]).

pub mod backup;
pub mod keys;
