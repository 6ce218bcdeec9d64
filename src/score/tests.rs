//! Unit tests of the scorer, written as data over a small corpus in the
//! style of the shipped decks.

use super::*;
use std::sync::OnceLock;

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| (*s).to_string()).collect()
}

/// Key points as cards hold them.
fn texts(items: &[&str]) -> Vec<Arc<str>> {
    items.iter().map(|s| Arc::from(*s)).collect()
}

const TRIAGE: &[&str] = &[
    "Is this real?",
    "How exploitable is it in this product context?",
    "Who owns the fix?",
    "Should it block release, become backlog work, or be documented as accepted risk?",
];
const REVIEW: &[&str] = &[
    "What input is trusted here?",
    "What authorization decision is actually enforced?",
    "Where could this become SSRF, IDOR, injection, file abuse, or information disclosure?",
    "What logging or testing would prove the control is working?",
];
const CICD: &[&str] = &[
    "Can untrusted code reach secrets or deploy credentials?",
    "Are release jobs isolated enough?",
    "Do approval paths match the environment risk?",
    "Are artifacts attributable and verifiable?",
];
const INTEGRATION: &[&str] =
    &["the real problem is integration friction with the identity provider, not the firewall"];
const MANAGER: &[&str] = &[
    "reshape the queue so critical work gets attention",
    "avoid burning out the security team",
    "balance intake when partner teams escalate",
];
const DIRECTOR: &[&str] = &[
    "explain security posture to executives",
    "negotiate with engineering VPs",
    "coordinate with legal or compliance when needed",
    "separate mandatory, optional and maturity-building security work",
];
const STRATEGY: &[&str] = &[
    "What will matter in 2-3 years, not just now?",
    "Are we building a feature or a capability?",
    "What is our unfair advantage?",
    "What should we NOT build?",
];
const MODEL: &[&str] = &[
    "Is the model degrading due to new data patterns?",
    "Do we need retraining or rule constraints?",
    "How does this impact customer trust?",
    "Should we expose confidence scores to users?",
];

fn corpus() -> Vec<Vec<Arc<str>>> {
    let mut cards: Vec<Vec<Arc<str>>> = [
        TRIAGE,
        REVIEW,
        CICD,
        INTEGRATION,
        MANAGER,
        DIRECTOR,
        STRATEGY,
        MODEL,
    ]
    .iter()
    .map(|c| texts(c))
    .collect();
    // Filler cards so that "security", "team" and "product" are common.
    for i in 0..8 {
        cards.push(texts(&[
            "security work with the product team",
            if i % 2 == 0 {
                "keep the security program healthy"
            } else {
                "make product decisions with the team"
            },
        ]));
    }
    cards
}

/// The model, loaded once for every test of the process.
pub(crate) fn shared_model() -> Arc<LazyEmbedder> {
    static MODEL: OnceLock<Arc<LazyEmbedder>> = OnceLock::new();
    Arc::clone(MODEL.get_or_init(|| Arc::new(LazyEmbedder::new())))
}

/// Words and meaning, as the product scores by default.
fn scorer() -> Scorer {
    lexical_scorer().with_meaning(shared_model())
}

/// Words alone (`--no-semantic`).
fn lexical_scorer() -> Scorer {
    Scorer::new(&corpus(), &[strings(&["paved road", "golden path"])])
}

fn score(card: &[&str], answer: &str) -> ScoreResult {
    scorer().score(&texts(card), answer)
}

/// Covered flags per point.
fn covered(result: &ScoreResult) -> Vec<bool> {
    result.points.iter().map(|p| p.covered).collect()
}

#[test]
fn synonyms_and_stems_cover_points() {
    for (card, answer, point) in [
        (REVIEW, "check where authz is enforced", 1),
        (REVIEW, "is the access control decision really enforced", 1),
        (
            INTEGRATION,
            "integrating with their IdP is the pain, not the firewall itself",
            0,
        ),
        (
            CICD,
            "can untrusted code in the CI/CD runner read secrets",
            0,
        ),
        (CICD, "could an untrusted PR reach deploy keys", 0),
        (TRIAGE, "find out who is accountable for fixing it", 2),
        (
            TRIAGE,
            "is it reachable by an attacker in our product's context",
            1,
        ),
        (MODEL, "should we show confidence levels to the users", 3),
        (STRATEGY, "what is our moat", 2),
    ] {
        let r = score(card, answer);
        assert!(
            r.points[point].covered,
            "{answer:?} should cover {:?}: {r:#?}",
            card[point]
        );
    }
}

#[test]
fn phrase_synonyms_match_both_ways() {
    let s = Scorer::new(&corpus(), &[]);
    let idp = texts(&["integrate with the IdP"]);
    assert!(
        s.score(&idp, "integration with the identity provider")
            .points[0]
            .covered
    );
    let pipeline = texts(&["harden the build pipeline"]);
    assert!(s.score(&pipeline, "harden CI/CD").points[0].covered);
    assert!(s.score(&pipeline, "harden ci cd").points[0].covered);
    // Words of a phrase out of order are not the phrase.
    let r = s.score(&idp, "the provider of identity cards");
    assert!(!r.points[0].covered, "{r:#?}");
}

#[test]
fn deck_synonyms_are_used() {
    let s = Scorer::new(&corpus(), &[strings(&["blue team", "defenders"])]);
    // The synonym is the whole point: no other shared word can carry it.
    let points = texts(&["the blue team"]);
    assert!(s.score(&points, "talk with the defenders daily").points[0].covered);
    let plain = Scorer::new(&corpus(), &[]);
    let r = plain.score(&points, "talk with the defenders daily");
    assert!(!r.points[0].covered, "{r:#?}");
    // A built-in group works without the deck naming it.
    let road = texts(&["build a paved road for uploads"]);
    assert!(plain.score(&road, "a golden path for uploads").points[0].covered);
}

#[test]
fn typo_tolerance_and_its_limits() {
    for (card, answer, point, expected) in [
        (TRIAGE, "how exploitible is it in this context", 1, true),
        (REVIEW, "what authorisaton decision is enforced", 1, true),
        (REVIEW, "what autorizaton decison is enforced", 1, true),
        (CICD, "are artifacts atributable and verifable", 3, true),
        // Short words are never corrected: "fux" is not "fix".
        (TRIAGE, "who owns the fux", 2, true),
        (MODEL, "do we need retrainnig or rule constrants", 1, true),
        // Two edits in a 7-letter word are too many.
        (INTEGRATION, "frixtoon of integrashun", 0, false),
    ] {
        let r = score(card, answer);
        assert_eq!(
            r.points[point].covered, expected,
            "{answer:?} vs {:?}: {r:#?}",
            card[point]
        );
    }
    // Numbers only match exactly.
    let years = score(STRATEGY, "what will matter in 4-5 years");
    assert!(years.points[0].matched.iter().all(|w| w != "4-5"));
    let fux = score(TRIAGE, "who owns the fux");
    assert!(!fux.points[2].matched.iter().any(|w| w == "fux"));
}

#[test]
fn matched_words_are_reported_as_typed() {
    let r = score(TRIAGE, "Who OWNS the Fix, and is it Exploitable?");
    assert_eq!(r.points[2].matched, vec!["OWNS", "Fix"]);
    assert_eq!(r.points[1].matched, vec!["Exploitable"]);
}

#[test]
fn idf_orders_rare_words_above_common_ones() {
    let s = scorer();
    let rare = s.idf(&s.analyzer.stem("exploitable"));
    for common in ["security", "team", "product"] {
        let c = s.idf(&s.analyzer.stem(common));
        assert!(rare > c, "exploitable {rare} should outweigh {common} {c}");
    }
    // A point's weights: matching only the common word covers little.
    let point = texts(&["security team exploitability"]);
    let common = s.score(&point, "security team");
    let rare = s.score(&point, "exploitability");
    assert!(rare.points[0].coverage > 0.5, "{rare:#?}");
    assert!(common.points[0].coverage < 0.3, "{common:#?}");
}

#[test]
fn negation_does_not_cover() {
    for (card, answer, point) in [
        (TRIAGE, "I would not check who owns the fix", 2),
        (TRIAGE, "never worry about who owns the fix", 2),
        (
            TRIAGE,
            "no need to think about exploitability in context",
            1,
        ),
        (
            REVIEW,
            "skip checking whether the authorization decision is enforced",
            1,
        ),
        (CICD, "don't bother isolating release jobs", 1),
        (MODEL, "ship without retraining or rule constraints", 1),
    ] {
        let r = score(card, answer);
        assert!(
            !r.points[point].covered,
            "{answer:?} negates {:?}: {r:#?}",
            card[point]
        );
        assert!(
            r.notes.iter().any(|n| n.starts_with("answer negates")),
            "{answer:?} should be noted: {:?}",
            r.notes
        );
    }
    // Negation of something else, a double negation, or the point's own
    // negation do not hurt.
    for (card, answer, point) in [
        (TRIAGE, "not the dashboard: I check who owns the fix", 2),
        (TRIAGE, "never forget who owns the fix", 2),
        (STRATEGY, "decide what we should not build", 3),
        (
            INTEGRATION,
            "the pain is integration friction with the IdP, not the firewall",
            0,
        ),
    ] {
        let r = score(card, answer);
        assert!(r.points[point].covered, "{answer:?}: {r:#?}");
    }
}

#[test]
fn rival_restatement_is_capped() {
    let s = scorer();
    let triage = texts(TRIAGE);
    let review = texts(REVIEW);
    let cicd = texts(CICD);
    let rivals: Vec<&[Arc<str>]> = vec![&review, &cicd];
    // Answering the review card's questions to the triage card.
    let answer = "what input is trusted, is authorization enforced, could it be SSRF or IDOR \
                  or injection, and what logging or tests prove the control works; also who owns the fix";
    let alone = s.score(&triage, answer);
    let with = s.score_with_rivals(&triage, &rivals, answer);
    assert!(with.grade <= Grade::Hard, "{with:#?}");
    assert!(with.score <= alone.score);
    assert!(
        with.notes
            .iter()
            .any(|n| n.starts_with("answer matches another task's points better")),
        "{:?}",
        with.notes
    );
    // A right answer is not capped by having rivals.
    let right = "is it real, how exploitable in our product context, who owns the fix, \
                 and does it block the release or go to the backlog as accepted risk";
    let r = s.score_with_rivals(&triage, &rivals, right);
    assert!(r.grade >= Grade::Good, "{r:#?}");
    assert!(r.notes.is_empty(), "{:?}", r.notes);
}

#[test]
fn words_shared_with_rivals_weigh_less() {
    let s = scorer();
    let own = texts(&["review release jobs exploitability"]);
    let rival = texts(&["release jobs isolated"]);
    let rivals: Vec<&[Arc<str>]> = vec![&rival];
    let alone = s.score(&own, "release jobs");
    let with = s.score_with_rivals(&own, &rivals, "release jobs");
    assert!(
        with.points[0].coverage < alone.points[0].coverage,
        "{} !< {}",
        with.points[0].coverage,
        alone.points[0].coverage
    );
}

#[test]
fn platitudes_score_near_zero() {
    for card in [TRIAGE, REVIEW, MANAGER, DIRECTOR] {
        let r = score(
            card,
            "Security is important, I would work with the team and communicate with \
             stakeholders to make sure things are secure.",
        );
        assert!(r.score < 0.05, "{r:#?}");
        assert_eq!(r.grade, Grade::Again);
        assert!(
            r.notes.iter().any(|n| n.contains("too generic")),
            "{:?}",
            r.notes
        );
    }
}

#[test]
fn empty_answers_score_zero() {
    for answer in ["", "   \n\t", "?!... -- ;", "the and of it"] {
        let r = score(TRIAGE, answer);
        assert!(r.score.abs() < f32::EPSILON, "{answer:?}");
        assert_eq!(r.grade, Grade::Again, "{answer:?}");
        assert!(r.points.iter().all(|p| !p.covered && p.matched.is_empty()));
        assert_eq!(r.points.len(), TRIAGE.len());
        assert_eq!(r.notes.len(), 1, "{:?}", r.notes);
    }
}

#[test]
fn copying_the_prompt_earns_nothing() {
    let s = scorer();
    let points = texts(&[
        "decide whether a finding is real",
        "judge exploitability in this product context",
        "decide who owns the fix",
    ]);
    let prompt = "AppSec engineer, triage findings: decide whether a finding is real and who owns the fix. \
                  What happens here?";
    let copied = s.evaluate(&ScoreInput {
        key_points: &points,
        prompt,
        answer: prompt,
        ..ScoreInput::default()
    });
    assert_eq!(copied.grade, Grade::Again, "{copied:#?}");
    assert!(copied.score < 0.1, "{copied:#?}");
    // Without the prompt the same words would have scored.
    assert!(s.score(&points, prompt).score > 0.5);
    // A real answer given the prompt still scores.
    let real = s.evaluate(&ScoreInput {
        key_points: &points,
        prompt,
        answer: "check exploitability in our product's context",
        ..ScoreInput::default()
    });
    assert!(real.points[1].covered, "{real:#?}");
}

#[test]
fn keyword_stuffing_is_penalised() {
    let s = scorer();
    let points = texts(TRIAGE);
    // Every key word, buried in a pasted dictionary.
    let mut answer =
        String::from("real exploitable context owns fix block release backlog accepted risk ");
    for i in 0..30 {
        answer
            .push_str("apple banana cherry delta echo foxtrot golf hotel india juliet kilo lima ");
        answer.push_str(&i.to_string());
        answer.push(' ');
    }
    let stuffed = s.score(&points, &answer);
    assert!(stuffed.score < 0.2, "{}", stuffed.score);
    assert!(
        stuffed.notes.iter().any(|n| n.contains("off-topic")),
        "{:?}",
        stuffed.notes
    );
    // A long but on-topic answer is not penalised.
    let long = "First I'd confirm the finding is real and reproduce it. Then how exploitable it is \
                in our product context, whether the vulnerable code is reachable from the internet. \
                Then who owns the fix, which team and which engineer. Then decide whether it blocks \
                the release, goes to the backlog, or gets documented as an accepted risk with an expiry.";
    let r = s.score(&points, long);
    assert!(r.notes.is_empty(), "{:?}", r.notes);
    assert_eq!(r.grade, Grade::Easy, "{r:#?}");
}

#[test]
fn the_score_is_the_rubric_share() {
    for answer in [
        "who owns the fix",
        "who owns the fix, and is it actually exploitable in our context",
        "is it real, how exploitable in context, who owns the fix, block the release or backlog or accept the risk",
        "banana",
    ] {
        let r = score(TRIAGE, answer);
        let made: f32 = r
            .points
            .iter()
            .map(|p| match p.status {
                Coverage::Covered => 1.0,
                Coverage::Partial => 0.5,
                Coverage::Missed => 0.0,
            })
            .sum();
        assert!((r.score - made / 4.0).abs() < 1e-6, "{r:#?}");
        let count = |c| r.points.iter().filter(|p| p.status == c).count();
        assert_eq!(
            r.grade,
            rubric::grade_from_counts(count(Coverage::Covered), count(Coverage::Partial), 4)
        );
        assert!(
            r.points
                .iter()
                .all(|p| p.covered == (p.status == Coverage::Covered))
        );
    }
}

#[test]
fn partial_answers_grade_between() {
    let one = score(TRIAGE, "who owns the fix");
    let two = score(
        TRIAGE,
        "who owns the fix, and is it actually exploitable in our context",
    );
    let all = score(
        TRIAGE,
        "is it real, how exploitable in context, who owns the fix, block the release or backlog or accept the risk",
    );
    assert!(one.score < two.score && two.score < all.score);
    assert_eq!(covered(&one), [false, false, true, false]);
    assert_eq!(one.grade, Grade::Hard);
    assert_eq!(all.grade, Grade::Easy);
}

#[test]
fn unknown_key_points_are_scored_too() {
    let s = scorer();
    let points = texts(&["rotate the kubernetes service account tokens"]);
    assert!(s.score(&points, "rotate k8s service account tokens").points[0].covered);
}

#[test]
fn results_serialise_to_json() {
    let r = score(TRIAGE, "who owns the fix");
    let json = serde_json::to_value(&r).unwrap_or_default();
    assert_eq!(json["grade"], "hard");
    assert_eq!(json["semantic"], true);
    assert_eq!(json["points"][2]["covered"], true);
    assert_eq!(json["points"][2]["status"], "covered");
    assert_eq!(json["points"][0]["status"], "missed");
    assert!(json["points"][2]["span"].is_string());
    assert!(
        json["points"][2]["similarity"]
            .as_f64()
            .is_some_and(|s| s > 0.5)
    );
    assert_eq!(json["points"][2]["matched"][0], "owns");
    assert!(json["score"].as_f64().is_some_and(|s| s > 0.0));
    assert!(json["notes"].is_array());
}

#[test]
fn paraphrases_with_no_shared_words_are_covered_by_meaning() {
    for (point, answer) in [
        (
            "Where can we tolerate errors? Where can we NOT?",
            "where can we live with errors and where can't we",
        ),
        (
            "How will customers trust this output?",
            "how will customers come to trust what it tells them",
        ),
        (
            "join fix discussions with engineers",
            "sit in on the developers' conversations about the fix",
        ),
    ] {
        let points = texts(&[point, "an unrelated second point about budgets"]);
        let r = scorer().score(&points, answer);
        assert_eq!(r.points[0].status, Coverage::Covered, "{answer:?}: {r:#?}");
        assert!(r.semantic);
        let span = r.points[0].span.as_deref().unwrap_or_default();
        assert!(answer.contains(span) && !span.is_empty(), "{span:?}");
        assert_eq!(r.points[1].status, Coverage::Missed, "{r:#?}");
    }
    // Words alone miss what meaning finds: the model is doing the work.
    let points = texts(&["Is this real?"]);
    let words = lexical_scorer().score(&points, "first I'd confirm it isn't a false positive");
    assert_eq!(words.points[0].status, Coverage::Missed, "{words:#?}");
    assert!(!words.semantic);
}

#[test]
fn negated_paraphrases_are_not_covered() {
    for (card, answer, point) in [
        (
            TRIAGE,
            "I would not bother asking who is responsible for fixing it",
            2,
        ),
        (MODEL, "there is no need to retrain it or add rules", 1),
        (
            CICD,
            "never isolate the release jobs, it slows everyone down",
            1,
        ),
    ] {
        let r = score(card, answer);
        assert_ne!(
            r.points[point].status,
            Coverage::Covered,
            "{answer:?}: {r:#?}"
        );
        assert_eq!(r.grade, Grade::Again, "{answer:?}: {r:#?}");
    }
}

/// A negation takes away only what it scopes over: the rest of the answer
/// still makes its points, in words and in meaning; a double negative
/// affirms.
#[test]
fn a_negation_stays_in_its_clause_and_a_double_negative_affirms() {
    for (card, answer, point) in [
        (
            TRIAGE,
            "I would not block the release yet, but I would find out who is responsible for fixing it",
            2,
        ),
        (TRIAGE, "it isn't a false positive, so who owns the fix?", 2),
    ] {
        let r = score(card, answer);
        assert_eq!(
            r.points[point].status,
            Coverage::Covered,
            "{answer:?}: {r:#?}"
        );
        assert!(!r.points[point].negated, "{answer:?}: {r:#?}");
    }
    let r = score(TRIAGE, "it isn't a false positive, so who owns the fix?");
    assert!(
        !r.notes.iter().any(|n| n.starts_with("answer negates")),
        "a double negative negates nothing: {:?}",
        r.notes
    );
}

/// A point that goes beyond something ("control-plane work, not just
/// DevOps with scanners") is not made by saying only that something, however
/// close in meaning; what it affirms still makes it, in any words.
#[test]
fn a_key_points_foil_does_not_make_it() {
    let card = texts(&[
        "review pipeline definitions and runner configs",
        "This is practical control-plane work, not just DevOps with scanners added.",
    ]);
    let s = scorer();
    let foil = s.score(&card, "It's basically DevOps with a scanner bolted on.");
    assert_eq!(foil.points[1].status, Coverage::Missed, "{foil:#?}");
    assert_eq!(foil.grade, Grade::Again, "{foil:#?}");
    let tickets = s.score(
        &texts(&[
            "do not just manage tickets",
            "review how engineers write findings",
        ]),
        "Assign tickets to engineers",
    );
    assert_eq!(tickets.points[0].status, Coverage::Missed, "{tickets:#?}");
    let affirmed = s.score(
        &texts(&["anticipate rather than react", "decide tomorrow's changes"]),
        "I'd make sure we anticipate what comes next",
    );
    assert_eq!(
        affirmed.points[0].status,
        Coverage::Covered,
        "{affirmed:#?}"
    );
}

/// With more rival cards than are weighed per answer, the ones sharing the
/// answer's words are kept: a restated rival far down the list is found.
#[test]
fn many_rivals_are_bounded_by_the_answers_words() {
    let s = lexical_scorer();
    let filler: Vec<Vec<Arc<str>>> = (0..MAX_RIVALS + 8)
        .map(|i| texts(&[&format!("filler point number {i} about quarterly planning")]))
        .collect();
    let mut cards: Vec<&[Arc<str>]> = filler.iter().map(Vec::as_slice).collect();
    let review = texts(REVIEW);
    cards.push(&review);
    let triage = texts(TRIAGE);
    let input = ScoreInput {
        key_points: &triage,
        rivals: &cards,
        prompt: "",
        answer: "What input is trusted here, and what authorization decision is actually enforced?",
    };
    let analysis = s.analyse(&input);
    assert_eq!(analysis.rivals.len(), MAX_RIVALS);
    assert!(analysis.rival_cards.contains(&(cards.len() - 1)));
    let r = s.evaluate(&input);
    assert_eq!(r.grade, Grade::Again, "{r:#?}");
    assert!(
        r.notes.iter().any(|n| n.contains("another task")),
        "{:?}",
        r.notes
    );
}

#[test]
fn a_wrong_task_answer_in_the_same_vocabulary_is_again() {
    let s = scorer();
    let triage = texts(TRIAGE);
    let review = texts(REVIEW);
    let cicd = texts(CICD);
    let rivals: Vec<&[Arc<str>]> = vec![&review, &cicd];
    // The review card's questions, paraphrased, answered to the triage card.
    let answer = "Which inputs can we actually rely on, is the permission check really applied \
                  server side, could it turn into request forgery or injection, and what tests \
                  would show the control works";
    let r = s.score_with_rivals(&triage, &rivals, answer);
    assert_eq!(r.grade, Grade::Again, "{r:#?}");
    assert!(
        r.notes
            .iter()
            .any(|n| n.starts_with("answer matches another task's points better")),
        "{:?}",
        r.notes
    );
    assert!(r.points.iter().all(|p| p.status == Coverage::Missed));
}

#[test]
fn one_word_answers_make_no_point() {
    for answer in ["real", "exploitable", "  Owner!  "] {
        let r = score(TRIAGE, answer);
        assert_eq!(r.grade, Grade::Again, "{answer:?}: {r:#?}");
        assert!(
            r.notes.iter().any(|n| n.contains("one word")),
            "{:?}",
            r.notes
        );
    }
    // Two words can make a short point.
    let r = score(TRIAGE, "who owns the fix");
    assert_eq!(r.grade, Grade::Hard, "{r:#?}");
}

#[test]
fn corrections_recompute_the_grade_from_the_rubric() {
    let r = score(TRIAGE, "who owns the fix");
    assert_eq!(r.grade, Grade::Hard);
    let fix = |point, covered| Correction { point, covered };

    let two = r.corrected(&[fix(0, true)]).unwrap();
    assert_eq!(two.grade, Grade::Good);
    assert!(two.points[0].corrected && two.points[0].covered);
    assert_eq!(two.points[0].status, Coverage::Covered);
    assert!((two.score - 0.5).abs() < 1e-6);
    assert!(
        two.notes
            .iter()
            .any(|n| n == "corrected by the learner: 1 ✓"),
        "{:?}",
        two.notes
    );

    let all = r
        .corrected(&[fix(0, true), fix(1, true), fix(3, true)])
        .unwrap();
    assert_eq!(all.grade, Grade::Easy);

    let none = r.corrected(&[fix(2, false)]).unwrap();
    assert_eq!(none.grade, Grade::Again);
    assert_eq!(none.points[2].status, Coverage::Missed);
    assert!(none.score.abs() < 1e-6);

    // The original is untouched; a point that does not exist is an error.
    assert_eq!(r.grade, Grade::Hard);
    let err = r.corrected(&[fix(4, true)]).unwrap_err();
    let err = err.to_string();
    assert!(
        err.contains("no point 5") && err.contains("1 to 4"),
        "{err}"
    );
    // No corrections, no change.
    assert_eq!(r.corrected(&[]).unwrap(), r);
}

#[test]
fn the_model_loads_lazily_and_once() {
    let model = Arc::new(LazyEmbedder::new());
    let s = lexical_scorer().with_meaning(Arc::clone(&model));
    assert!(s.uses_meaning());
    assert!(!model.is_loaded(), "building a scorer loads nothing");
    let r = s.score(&texts(TRIAGE), "");
    assert!(!model.is_loaded(), "an empty answer needs no model: {r:?}");
    s.warm(&[&texts(TRIAGE)]);
    assert!(model.is_loaded());
    assert!(!lexical_scorer().uses_meaning());
}
