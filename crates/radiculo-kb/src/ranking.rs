//! How ranked answers (localization candidates, differential causes) are scored and printed.
//!
//! Each item has a log-odds score: a prior plus the log-likelihood ratios of the findings that
//! bear on it. Scores are compared, never read as probabilities: the items ranked are not an
//! exhaustive, mutually exclusive set, and most weights are judgements. So the printed answer
//! is a rank and a tier, items closer than the tie margin are ties, and the relative weight in
//! JSON (a softmax share of the scores, summing to 1) is documented as not a probability.

use serde::Serialize;

use crate::Parameters;

/// How an item stands against the leader.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tier {
    /// At the top, or tied with it.
    Leading,
    /// Below the leader but within the consider margin.
    Consider,
    /// Further below.
    LessLikely,
}

impl Tier {
    /// The tier as printed.
    pub fn label(self) -> &'static str {
        match self {
            Tier::Leading => "leading",
            Tier::Consider => "consider",
            Tier::LessLikely => "less likely",
        }
    }
}

/// The place of one item in a ranking.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rank {
    /// 1 for the best; items tied with each other share a rank.
    pub rank: usize,
    /// Whether another item shares this rank.
    pub tied: bool,
    /// The tier.
    pub tier: Tier,
    /// Share of the softmax of all scores: a relative weight, not a probability.
    pub relative_weight: f64,
}

/// Ranks `scores` (log-odds), returning the order (indices, best first) and each item's rank.
///
/// Items are sorted by score, then by `key` so that equal scores keep a stable order; an item
/// within `tie_margin` of the first item of the current rank shares that rank. Ties are never
/// broken: they are reported.
pub fn rank<K: Ord>(scores: &[f64], key: impl Fn(usize) -> K, params: &Parameters) -> Vec<(usize, Rank)> {
    let mut order: Vec<usize> = (0..scores.len()).collect();
    order.sort_by(|&a, &b| scores[b].total_cmp(&scores[a]).then_with(|| key(a).cmp(&key(b))));
    let Some(&first) = order.first() else { return Vec::new() };
    let top = scores[first];
    // Each score's weight relative to the top one, worked out once.
    let weights: Vec<f64> = scores.iter().map(|s| (s - top).exp()).collect();
    let total: f64 = weights.iter().sum();
    let tie = params.tie_margin.value;
    let consider = params.consider_margin.value;
    let mut out: Vec<(usize, Rank)> = Vec::with_capacity(order.len());
    let mut group_head = top;
    let mut rank = 1;
    for (position, &i) in order.iter().enumerate() {
        let score = scores[i];
        if position > 0 && group_head - score >= tie {
            rank = position + 1;
            group_head = score;
        }
        let behind = top - score;
        let tier = if behind < tie {
            Tier::Leading
        } else if behind < consider {
            Tier::Consider
        } else {
            Tier::LessLikely
        };
        out.push((i, Rank { rank, tied: false, tier, relative_weight: weights[i] / total }));
    }
    // Ranks come in order, so the members of a tie are neighbours.
    for i in 0..out.len() {
        let r = out[i].1.rank;
        let before = i.checked_sub(1).and_then(|j| out.get(j)).is_some_and(|(_, o)| o.rank == r);
        let after = out.get(i + 1).is_some_and(|(_, o)| o.rank == r);
        out[i].1.tied = before || after;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Parameter;

    fn params(tie: f64, consider: f64) -> Parameters {
        let p = |value| Parameter { value, judgement: true, ..Parameter::default() };
        Parameters { tie_margin: p(tie), consider_margin: p(consider), ..Parameters::default() }
    }

    #[test]
    fn equal_scores_are_tied_and_never_broken() {
        let ranked = rank(&[1.0, 1.0, -5.0], |i| i, &params(0.5, 2.0));
        assert_eq!(ranked[0].1.rank, 1);
        assert_eq!(ranked[1].1.rank, 1);
        assert!(ranked[0].1.tied && ranked[1].1.tied);
        assert_eq!(ranked[2].1.rank, 3);
        assert!(!ranked[2].1.tied);
        assert_eq!(ranked[2].1.tier, Tier::LessLikely);
    }

    #[test]
    fn near_scores_within_the_margin_tie_and_outside_it_do_not() {
        let ranked = rank(&[2.0, 1.7, 1.0], |i| i, &params(0.5, 2.0));
        assert_eq!(ranked.iter().map(|(_, r)| r.rank).collect::<Vec<_>>(), [1, 1, 3]);
        assert_eq!(ranked[2].1.tier, Tier::Consider);
    }

    #[test]
    fn relative_weights_sum_to_one_and_follow_the_scores() {
        let ranked = rank(&[0.0, 1.0, 2.0], |i| i, &params(0.1, 2.0));
        let total: f64 = ranked.iter().map(|(_, r)| r.relative_weight).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert_eq!(ranked[0].0, 2, "the highest score comes first");
        assert!(ranked[0].1.relative_weight > ranked[1].1.relative_weight);
    }

    #[test]
    fn the_order_of_equal_scores_follows_the_key() {
        let ranked = rank(&[1.0, 1.0], |i| [9, 3][i], &params(0.5, 2.0));
        assert_eq!(ranked[0].0, 1);
    }

    #[test]
    fn no_items_no_ranking() {
        assert!(rank(&[], |i| i, &params(0.5, 2.0)).is_empty());
    }
}
