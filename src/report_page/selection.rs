//! Which flagged pairs and clusters the page holds, chosen from the clusters as they come.

use super::{MAX_CLUSTERS, MAX_PAIRS};
use crate::stages::cluster::{Cluster, Pair, Status};
use std::collections::BTreeSet;

/// Members of a cluster listed at most.
const MAX_MEMBERS: usize = 12;

/// What the page shows, chosen from the clusters as they come.
#[derive(Default)]
pub struct Selection {
    pub(super) pairs: Vec<Pair>,
    pub(super) clusters: Vec<Cluster>,
    /// Clusters with more than one member seen.
    pub(super) multi: usize,
}

fn status_rank(s: Status) -> u8 {
    match s {
        Status::Flagged => 0,
        Status::Reviewed => 1,
        Status::Merged => 2,
        Status::Single => 3,
    }
}

impl Selection {
    /// Takes one cluster into account.
    pub fn add(&mut self, cluster: &Cluster) {
        for pair in &cluster.pairs {
            if pair.decision.is_none() {
                self.pairs.push(pair.clone());
            }
        }
        if self.pairs.len() > 8 * MAX_PAIRS {
            self.trim_pairs();
        }
        if cluster.members.len() > 1 {
            self.multi += 1;
            let mut kept = cluster.clone();
            // Its pairs are in the pairs list; the page shows the members.
            kept.pairs.clear();
            kept.members.truncate(MAX_MEMBERS.max(1));
            if !kept.members.contains(&cluster.canonical) {
                kept.members.insert(0, cluster.canonical.clone());
            }
            self.clusters.push(kept);
            if self.clusters.len() > 8 * MAX_CLUSTERS {
                self.trim_clusters();
            }
        }
    }

    fn trim_pairs(&mut self) {
        // The order a person goes through them; one pair once.
        self.pairs.sort_by(|x, y| {
            crate::stages::cluster::most_uncertain_first(
                (x.evidence.score, &x.a, &x.b),
                (y.evidence.score, &y.a, &y.b),
            )
        });
        self.pairs.dedup_by(|x, y| x.a == y.a && x.b == y.b);
        self.pairs.truncate(MAX_PAIRS);
    }

    /// Half the room for flagged and reviewed clusters, half for merged ones (the largest first);
    /// what one half leaves, the other takes.
    fn trim_clusters(&mut self) {
        self.clusters.sort_by(|x, y| {
            status_rank(x.status)
                .cmp(&status_rank(y.status))
                .then(y.members.len().cmp(&x.members.len()))
                .then_with(|| x.id.cmp(&y.id))
        });
        let (open, merged): (Vec<Cluster>, Vec<Cluster>) = std::mem::take(&mut self.clusters)
            .into_iter()
            .partition(|c| c.status != Status::Merged);
        let open_room = open
            .len()
            .min(MAX_CLUSTERS - merged.len().min(MAX_CLUSTERS / 2));
        let merged_room = merged.len().min(MAX_CLUSTERS - open_room);
        self.clusters = open.into_iter().take(open_room).collect();
        self.clusters.extend(merged.into_iter().take(merged_room));
    }

    /// The ids of the records the page shows.
    pub fn finish(&mut self) -> BTreeSet<String> {
        self.trim_pairs();
        self.trim_clusters();
        let mut ids = BTreeSet::new();
        for p in &self.pairs {
            ids.insert(p.a.clone());
            ids.insert(p.b.clone());
        }
        for c in &self.clusters {
            ids.extend(c.members.iter().cloned());
        }
        ids
    }
}
