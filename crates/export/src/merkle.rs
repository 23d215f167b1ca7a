//! A Merkle tree over the ordered signature entries, as defined for Certificate
//! Transparency (RFC 6962 §2.1, restated in RFC 9162 §2.1), with inclusion proofs.
//!
//! - leaf hash: `SHA-256(0x00 || leaf bytes)`;
//! - node hash: `SHA-256(0x01 || left || right)`;
//! - a tree of `n > 1` leaves splits at `k`, the largest power of two below `n`;
//!   the empty tree's root is `SHA-256("")`.
//!
//! This is a data structure over SHA-256 (the `sha2` crate), not new cryptography. It is
//! written out here rather than taken from a crate because the crates at hand either leave
//! out the leaf/node prefixes (so a leaf could pose as a node) or keep every level of the
//! tree in memory; the RFC layout also means any Certificate Transparency tool can check a
//! printed proof. The tests pin the reference roots and proofs published for CT.

use sha2::{Digest, Sha256};

/// A SHA-256 digest.
pub type Hash = [u8; 32];

/// The hash of a leaf: `SHA-256(0x00 || data)`.
#[must_use]
pub fn leaf_hash(data: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0x00]);
    h.update(data);
    h.finalize().into()
}

/// The hash of an interior node: `SHA-256(0x01 || left || right)`.
#[must_use]
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([0x01]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// The largest power of two strictly below `n` (for `n >= 2`).
fn split_point(n: usize) -> usize {
    debug_assert!(n >= 2);
    1 << (usize::BITS - 1 - (n - 1).leading_zeros())
}

/// The root over already hashed leaves (the Merkle Tree Hash of RFC 6962 §2.1).
#[must_use]
pub fn root(leaves: &[Hash]) -> Hash {
    match leaves.len() {
        0 => Sha256::digest([]).into(),
        1 => leaves[0],
        n => {
            let k = split_point(n);
            node_hash(&root(&leaves[..k]), &root(&leaves[k..]))
        }
    }
}

/// Computes the same root as [`root`] from leaf hashes given one at a time, keeping only
/// the roots of the complete subtrees seen so far (at most one per bit of the leaf count),
/// so a file of any length can be checked in O(log n) memory.
#[derive(Debug, Clone, Default)]
pub struct RootBuilder {
    /// Roots of complete subtrees, left to right, with their leaf counts (strictly
    /// decreasing powers of two).
    stack: Vec<(Hash, u64)>,
    leaves: u64,
}

impl RootBuilder {
    /// An empty tree.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// Appends the next leaf hash.
    pub fn push(&mut self, leaf: Hash) {
        self.leaves += 1;
        let mut current = (leaf, 1_u64);
        while let Some(&(left, size)) = self.stack.last() {
            if size != current.1 {
                break;
            }
            self.stack.pop();
            current = (node_hash(&left, &current.0), size * 2);
        }
        self.stack.push(current);
    }

    /// Number of leaves pushed so far.
    #[must_use]
    pub fn len(&self) -> u64 {
        self.leaves
    }

    /// Whether no leaf was pushed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.leaves == 0
    }

    /// The root of the leaves pushed so far: the complete subtrees joined right to left,
    /// which is exactly RFC 9162's split at the largest power of two.
    #[must_use]
    pub fn root(&self) -> Hash {
        let mut subtrees = self.stack.iter().rev();
        let Some(&(mut acc, _)) = subtrees.next() else {
            return Sha256::digest([]).into();
        };
        for (left, _) in subtrees {
            acc = node_hash(left, &acc);
        }
        acc
    }
}

/// The proof that one leaf is in a tree: its index, the tree size and the audit path (the
/// sibling hashes from the leaf up to the root, RFC 9162 §2.1.3.1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InclusionProof {
    /// Zero-based index of the leaf.
    pub leaf_index: usize,
    /// Number of leaves in the tree.
    pub tree_size: usize,
    /// Sibling hashes, from the leaf's level up.
    pub path: Vec<Hash>,
}

/// Which side a sibling hash is on when it is combined with the running hash.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The sibling is the left child: `node(sibling, running)`.
    Left,
    /// The sibling is the right child: `node(running, sibling)`.
    Right,
}

/// The inclusion proof for `index`, or `None` if it is outside the tree.
#[must_use]
pub fn prove(leaves: &[Hash], index: usize) -> Option<InclusionProof> {
    if index >= leaves.len() {
        return None;
    }
    let mut path = Vec::new();
    audit_path(leaves, index, &mut path);
    Some(InclusionProof {
        leaf_index: index,
        tree_size: leaves.len(),
        path,
    })
}

/// Pushes the audit path of `index` within `leaves`, deepest sibling first.
fn audit_path(leaves: &[Hash], index: usize, path: &mut Vec<Hash>) {
    let n = leaves.len();
    if n <= 1 {
        return;
    }
    let k = split_point(n);
    if index < k {
        audit_path(&leaves[..k], index, path);
        path.push(root(&leaves[k..]));
    } else {
        audit_path(&leaves[k..], index - k, path);
        path.push(root(&leaves[..k]));
    }
}

impl InclusionProof {
    /// Walks the path as RFC 9162 §2.1.3.2 prescribes and returns the root it leads to,
    /// with the side of each sibling; `None` when the path's length does not fit the index
    /// and tree size.
    #[must_use]
    pub fn walk(&self, leaf: &Hash) -> Option<(Hash, Vec<Side>)> {
        if self.leaf_index >= self.tree_size {
            return None;
        }
        let (mut f, mut s) = (self.leaf_index, self.tree_size - 1);
        let mut r = *leaf;
        let mut sides = Vec::with_capacity(self.path.len());
        for p in &self.path {
            if s == 0 {
                return None;
            }
            if f & 1 == 1 || f == s {
                r = node_hash(p, &r);
                sides.push(Side::Left);
                if f & 1 == 0 {
                    while f & 1 == 0 && f != 0 {
                        f >>= 1;
                        s >>= 1;
                    }
                }
            } else {
                r = node_hash(&r, p);
                sides.push(Side::Right);
            }
            f >>= 1;
            s >>= 1;
        }
        (s == 0).then_some((r, sides))
    }

    /// Whether the proof shows that `leaf` (a leaf hash) is in the tree with `root`.
    #[must_use]
    pub fn verify(&self, leaf: &Hash, root: &Hash) -> bool {
        self.walk(leaf).is_some_and(|(r, _)| &r == root)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn h(s: &str) -> Hash {
        hex::decode(s).unwrap().try_into().unwrap()
    }

    /// The inputs and roots of the Certificate Transparency reference tree.
    fn reference_leaves() -> Vec<Hash> {
        [
            "",
            "00",
            "10",
            "2021",
            "3031",
            "40414243",
            "5051525354555657",
            "606162636465666768696a6b6c6d6e6f",
        ]
        .iter()
        .map(|x| leaf_hash(&hex::decode(x).unwrap()))
        .collect()
    }

    #[test]
    fn roots_match_the_reference_tree() {
        let roots = [
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
        ];
        let leaves = reference_leaves();
        for (n, expected) in roots.iter().enumerate() {
            assert_eq!(
                hex::encode(root(&leaves[..n])),
                *expected,
                "tree of {n} leaves"
            );
        }
    }

    #[test]
    fn proofs_match_the_reference_paths() {
        let leaves = reference_leaves();
        let p = prove(&leaves, 0).unwrap();
        assert_eq!(
            p.path,
            vec![
                h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
                h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
                h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
            ]
        );
        let p = prove(&leaves, 5).unwrap();
        assert_eq!(
            p.path,
            vec![
                h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
                h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
                h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
            ]
        );
        assert!(prove(&leaves, 8).is_none());
    }

    #[test]
    fn the_streaming_root_equals_the_recursive_one() {
        let reference = reference_leaves();
        for n in 0..=reference.len() {
            let mut b = RootBuilder::new();
            reference[..n].iter().for_each(|l| b.push(*l));
            assert_eq!(b.root(), root(&reference[..n]), "reference tree of {n}");
        }
        let leaves: Vec<Hash> = (0..300_usize)
            .map(|i| leaf_hash(&i.to_be_bytes()))
            .collect();
        let mut b = RootBuilder::new();
        assert!(b.is_empty());
        for (i, l) in leaves.iter().enumerate() {
            b.push(*l);
            assert_eq!(b.root(), root(&leaves[..=i]), "tree of {}", i + 1);
        }
        assert_eq!(b.len(), 300);
    }

    #[test]
    fn every_proof_verifies_and_only_for_its_leaf() {
        for n in 1..=37_usize {
            let leaves: Vec<Hash> = (0..n).map(|i| leaf_hash(&i.to_be_bytes())).collect();
            let r = root(&leaves);
            for i in 0..n {
                let p = prove(&leaves, i).unwrap();
                assert!(p.verify(&leaves[i], &r), "leaf {i} of {n}");
                let other = leaf_hash(b"not in the tree");
                assert!(!p.verify(&other, &r));
                let mut short = p.clone();
                if short.path.pop().is_some() {
                    assert!(!short.verify(&leaves[i], &r));
                }
                let wrong_index = InclusionProof { leaf_index: n, ..p };
                assert!(!wrong_index.verify(&leaves[i], &r));
            }
        }
    }
}
