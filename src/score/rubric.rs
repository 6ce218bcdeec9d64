//! The rubric: the product's definition of a suggested grade, from how many
//! of a card's key points an answer covers.
//!
//! A point is covered when the answer says the same thing in any words
//! (paraphrases, synonyms, abbreviations and typos count; repeating the
//! prompt does not), partly covered when it says a real part of it.
//!
//! - **Again**: wrong, empty, gibberish or off-topic; restates another task's
//!   or role's points; negates the points; a generic platitude that covers no
//!   point. An answer that covers no point, not even partly, is never Hard.
//! - **Hard**: about a third of the points or fewer (1 of 3–6), or only a
//!   vague gesture at them (points partly covered, none fully).
//! - **Good**: roughly half to 85% of the points (2 of 3–4, 3–4 of 5–6).
//! - **Easy**: essentially all points, stated clearly.
//!
//! In counts, a partly covered point is worth half a point; the share of
//! points made decides between Hard (< 45%), Good and Easy (≥ 90%).

use crate::grade::Grade;

/// Share of points (partly covered count half) from which an answer is Good.
pub const GOOD_SHARE: f32 = 0.45;
/// Share of points from which an answer is Easy: all of them, or all but
/// half a point on cards of five or more.
pub const EASY_SHARE: f32 = 0.9;

/// The grade for `covered` fully and `partial` partly covered points out of
/// `points`.
pub fn grade_from_counts(covered: usize, partial: usize, points: usize) -> Grade {
    if covered == 0 && partial == 0 || points == 0 {
        return Grade::Again;
    }
    if covered == 0 {
        return Grade::Hard;
    }
    let share = (covered as f32 + 0.5 * partial as f32) / points as f32;
    if share >= EASY_SHARE {
        Grade::Easy
    } else if share >= GOOD_SHARE {
        Grade::Good
    } else {
        Grade::Hard
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rubric_table() {
        use Grade::{Again, Easy, Good, Hard};
        for (covered, partial, points, grade) in [
            // Nothing covered is Again, whatever the card.
            (0, 0, 1, Again),
            (0, 0, 4, Again),
            (0, 0, 0, Again),
            // Only partly covered points: a vague gesture.
            (0, 1, 1, Hard),
            (0, 3, 4, Hard),
            // 1 of 3–6 is Hard.
            (1, 0, 3, Hard),
            (1, 0, 4, Hard),
            (1, 0, 6, Hard),
            (2, 0, 5, Hard),
            (2, 0, 6, Hard),
            // Roughly half to 85% is Good.
            (1, 0, 2, Good),
            (2, 0, 3, Good),
            (2, 0, 4, Good),
            (3, 0, 4, Good),
            (3, 0, 5, Good),
            (4, 0, 5, Good),
            (3, 0, 6, Good),
            (5, 0, 6, Good),
            (3, 1, 4, Good),
            (1, 1, 3, Good),
            // Essentially all is Easy.
            (1, 0, 1, Easy),
            (2, 0, 2, Easy),
            (4, 0, 4, Easy),
            (4, 1, 5, Easy),
            (5, 1, 6, Easy),
        ] {
            assert_eq!(
                grade_from_counts(covered, partial, points),
                grade,
                "{covered} covered + {partial} partly of {points}"
            );
        }
    }
}
