//! The command-line surface: clap types and help text, nothing else.
//!
//! Commands never read these types directly for shared settings; `config`
//! resolves them (with environment and defaults) into one `Config`.

use crate::complete;
use clap::{Args, Parser, Subcommand, ValueEnum, ValueHint};
use clap_complete::{ArgValueCandidates, ArgValueCompleter};
use std::path::PathBuf;

/// The whole command line, as clap builds it from these types.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

/// Completion of deck ids from the decks that would load.
fn decks() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::decks)
}

/// Completion of role ids (of the `--deck`s given, if any).
fn roles() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::roles)
}

/// Completion of task ids (of the `--role`s given, if any).
fn tasks() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::tasks)
}

/// Completion of card ids.
fn cards() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::cards)
}

/// Completion of card kinds.
fn kinds() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::kinds)
}

/// Completion of the profiles in the data dir.
fn profiles() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::profiles)
}

/// Completion of the settings `config` knows.
fn setting_keys() -> ArgValueCandidates {
    ArgValueCandidates::new(complete::setting_keys)
}

/// Completion of a setting's value (ids, after the commas typed).
fn setting_values() -> ArgValueCompleter {
    ArgValueCompleter::new(complete::setting_values)
}

/// Interview-prep flashcards for security and product roles
///
/// Think like an application security engineer, a platform security
/// engineer, a Product Security leader or an AI-era cybersecurity PM:
/// spaced-repetition drills (FSRS) built from "day in the life" role decks,
/// with typed answers scored against key points.
#[derive(Debug, Parser)]
#[command(name = "rolecall", version, after_help = EXAMPLES)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// What to do; `study` when omitted.
    #[command(subcommand)]
    pub command: Option<Command>,
}

const EXAMPLES: &str = "\
Examples:
  rolecall                      study what is due in the built-in decks
  rolecall decks                list decks with their roles, tasks and cards
  rolecall study --role appsec-engineer --limit 10
  rolecall check decks/mine.ron validate a deck you wrote
  rolecall import my-day.txt -o decks/mine.ron   turn a document into a deck";

const MOCK_EXAMPLES: &str = "\
Examples:
  rolecall mock --candidate alice
  rolecall mock --candidate alice --role appsec-engineer --role devsecops-engineer \\
      --questions 3 --seconds 120 --seed 7
  rolecall mock --candidate bob --spoken -o bob-week1.md
  printf 'answer\\n2 3 1 2\\nnote\\n' | rolecall mock --candidate ci --questions 1   (scripted)

Each answer is scored against the card's key points, rated on the four lenses (decisions it
owns, evidence it works from, conflict it manages, leverage it creates; 0-3 each) and saved
as a review in the candidate's profile. Scripted mode reads, per question: the answer line
(spoken: a grade line), a rubric line `D E C L` optionally followed by a grade that
overrides the scorer's, and a note line.";

/// `mock --help`'s epilogue: examples, then what each rubric score means.
fn mock_help() -> String {
    format!("{MOCK_EXAMPLES}\n\n{}", crate::mock::anchors::help_text())
}

/// Options every command understands. The environment variables are read
/// by `config`, not by clap: clap would show an unset one as `[env: X=]`
/// and name one that is set in the usage line as if it had been typed.
#[derive(Debug, Args)]
#[command(next_help_heading = "Global options")]
#[allow(clippy::doc_markdown)] // help text: variable names as the shell spells them
pub struct GlobalArgs {
    /// Load decks only from this folder (repeatable); no built-in decks.
    #[arg(long = "decks", value_name = "DIR", global = true, value_hint = ValueHint::DirPath, display_order = 1000)]
    pub deck_dirs: Vec<PathBuf>,

    /// When to use colours (in `auto`, a non-empty `NO_COLOR` turns them off).
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, display_order = 1001)]
    pub color: ColorChoice,

    /// Where profiles are kept [env: ROLECALL_HOME] [default: the platform
    /// data dir].
    #[arg(long, value_name = "DIR", global = true, value_hint = ValueHint::DirPath, display_order = 1002)]
    pub data_dir: Option<PathBuf>,

    /// Whose progress to use: letters, digits, `-` and `_` [env:
    /// ROLECALL_PROFILE] [default: default]. Read-only commands refuse a
    /// profile that does not exist.
    #[arg(long, value_name = "NAME", global = true, add = profiles(), display_order = 1003)]
    pub profile: Option<String>,

    /// Pretend it is this time (RFC 3339), for simulations and tests [env:
    /// ROLECALL_NOW].
    #[arg(long, value_name = "RFC3339", global = true, display_order = 1004)]
    pub now: Option<String>,

    /// Score typed answers on words alone, without the meaning model
    /// (nothing to load; misses paraphrases) [env: ROLECALL_NO_SEMANTIC];
    /// `config set semantic off` saves it for the profile.
    #[arg(long, global = true, display_order = 1005)]
    pub no_semantic: bool,
}

/// How `report` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Markdown: reads raw in a pager and rendered on GitHub.
    #[value(alias = "markdown")]
    Md,
    /// One HTML page: inline CSS and SVG charts, no script, no external file.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Study due and new cards (the default command).
    ///
    /// Naming a task with `--task` drills it: its cards are not buried as
    /// siblings, because drilling a task is asking for them all.
    #[command(after_help = "\
Examples:
  rolecall study
  rolecall study --deck product-security-roles --kind questions --limit 15
  rolecall study --minutes 10 --new 5
  printf 'my answer\\n\\n' | rolecall study --limit 1   (scripted mode)")]
    Study(StudyArgs),

    /// List the decks in play.
    #[command(after_help = "\
Examples:
  rolecall decks
  rolecall decks --tree          roles and tasks with their ids
  rolecall decks --json | jq '.[].cards'
  rolecall --decks ./my-decks decks")]
    Decks(DecksArgs),

    /// Print the generated cards.
    #[command(after_help = "\
Examples:
  rolecall cards --deck cyber-pm-day
  rolecall cards --role appsec-engineer --task triage-findings
  rolecall cards --kind questions --json | jq '.[].id'")]
    Cards(CardsArgs),

    /// Read a role's tasks before being tested on them: what happens, why,
    /// examples with their insight, the questions to ask, the key points.
    #[command(after_help = "\
Examples:
  rolecall read --role appsec-engineer          one role, every task
  rolecall read --role cyber-pm --task problem-framing
  rolecall read --deck cyber-pm-day | less
  rolecall decks --tree                         the ids to pass

On a terminal the text goes through $PAGER (or `less`); --no-pager prints it.")]
    Read(ReadArgs),

    /// Show or change saved settings: new cards a day, desired retention,
    /// the decks, roles and kinds bare `study` uses, the learner's day,
    /// whether typed answers are read for meaning.
    #[command(after_help = "\
Examples:
  rolecall config list
  rolecall config set new-per-day 20
  rolecall config set desired-retention 0.85
  rolecall config set roles appsec-engineer,devsecops-engineer
  rolecall config set time-zone Europe/Berlin
  rolecall config set rollover-hour 3
  rolecall config set semantic off
  rolecall config get new-per-day
  rolecall config unset roles

Settings belong to the profile (--profile); `list` shows where each value
comes from: the profile, the data dir's config.json, or the default. The
day boundary (time-zone, rollover-hour) is recorded at a profile's first
write; unsetting the zone records this machine's again. `semantic off`
scores typed answers on words alone, without loading the meaning model;
--no-semantic or ROLECALL_NO_SEMANTIC does that for one run, whatever the
setting says.")]
    Config(ConfigArgs),

    /// Validate deck files and report every problem with its position.
    #[command(after_help = "\
Examples:
  rolecall check                 every deck that would load
  rolecall check decks/mine.ron  one file
  rolecall check my-decks/       every .ron file in a folder

Warnings (`FILE:LINE:COL: warning: …`) name what would make bad cards:
near-duplicate role or task names, options that read the same, points that
are only a link or code, leftover Markdown, examples with no insight.

Exit status: 0 when clean or only warned, 2 when any problem was found.")]
    Check(CheckArgs),

    /// Show the review log of the profile.
    #[command(after_help = "\
Examples:
  rolecall history
  rolecall history --card cyber-pm-day/cyber-pm/intelligence-brief/questions --json")]
    History(HistoryArgs),

    /// Score a typed answer for one card, as the study loop would.
    #[command(after_help = "\
Examples:
  rolecall grade --card product-security-roles/appsec-engineer/triage-findings/questions \\
      --answer 'is it real, is it exploitable here, who owns the fix, block release or backlog'
  echo 'my answer' | rolecall grade --card ID --answer - --json")]
    Grade(GradeArgs),

    /// Show the card `study` would ask next, without recording anything.
    #[command(after_help = "\
Examples:
  rolecall next
  rolecall next --deck cyber-pm-day --json | jq -r .id")]
    Next(NextArgs),

    /// Record one review, exactly as the study loop would.
    #[command(after_help = "\
Examples:
  rolecall answer --card cyber-pm-day/cyber-pm/timeline --answer '1 2 3 4 5 6 7 8 9'
  rolecall answer --card ID --choice 2 --json
  rolecall answer --card ID --answer 'is the signal real or noise' --json
  rolecall answer --card ID --answer 'is it real, who owns it' --covered 3
  rolecall answer --card ID --grade good --id run-42-card-7   (safe to retry)")]
    Answer(AnswerArgs),

    /// Predicted recall per deck, role and task on a date (an interview).
    #[command(after_help = "\
Examples:
  rolecall readiness
  rolecall readiness --on 2026-12-07
  rolecall readiness --on 2026-12-07 --deck product-security-roles --json")]
    Readiness(ReadinessArgs),

    /// Run a timed mock interview for a candidate and write a Markdown report.
    #[command(after_help = mock_help())]
    Mock(MockArgs),

    /// List candidate profiles, or remove one.
    #[command(after_help = "\
Examples:
  rolecall profiles
  rolecall profiles --json
  rolecall profiles remove alice          asks for confirmation
  rolecall profiles remove alice --yes    no question (scripts)")]
    Profiles(ProfilesArgs),

    /// Write a candidate's progress report (Markdown or HTML): mastery,
    /// retention, weakest tasks, mock interviews over time.
    #[command(after_help = "\
Examples:
  rolecall report --candidate alice | less
  rolecall report --candidate alice -o alice-progress.md
  rolecall report --candidate alice -o alice.html           a page to send, charts drawn
  rolecall --profile alice report --format html > alice.html")]
    Report(ReportArgs),
    /// Show reviews, true retention, streaks, the due forecast, mastery
    /// per deck and role, and the weakest tasks.
    #[command(after_help = "\
Examples:
  rolecall stats
  rolecall stats --deck cyber-pm-day
  rolecall stats --json | jq '.true_retention.last_30_days.rate'
  rolecall --profile alice stats

The figures are defined in the README (section \"Stats\").")]
    Stats(StatsArgs),

    /// Fit FSRS parameters to this profile's review log and use them when
    /// they predict it better than the current ones.
    #[command(after_help = "\
Examples:
  rolecall optimize                   fit, compare, save if better
  rolecall --profile alice optimize
  rolecall optimize --reset           back to the default parameters

It also prints the expected workload for desired retentions 0.80-0.95;
try one with `rolecall study --retention R`, and keep it with
`rolecall config set desired-retention R`.")]
    Optimize(OptimizeArgs),

    /// Turn a "day in the life" document (text or Markdown) into a deck.
    #[command(after_help = "\
Examples:
  rolecall import notes/soc-day.md                   print the deck (RON) to stdout
  rolecall import notes/soc-day.md -o decks/soc.ron  write it; the deck id is `soc`
  rolecall check decks/soc.ron && rolecall study --decks decks --deck soc
  pbpaste | rolecall import - --id my-day --title 'My day'

Recognised: time blocks (`6:45 AM — Title`, `## 10:00: Title`) with What happens /
Example / What questions to think; role sections (`Role — 5 common daily task
patterns`, `## Role`) with numbered task patterns; Example: / Insight: / Real
problem: markers; tables; bullets (•, -, *, 1.). Markdown (.md, or text using
headings, emphasis, links or tables) is read as CommonMark and keeps only its
words; lines that only hold a link or code are left out. Text mis-decoded
through a Thai or Western code page (`โ€”`, `â€™`) is repaired. What cannot be
placed becomes a note and a warning (also written at the top of the file), and
a report on stderr says what became what. An existing OUT is replaced only
with --force.")]
    Import(ImportArgs),

    /// Export cards for Anki (a package, with your progress if you like, or
    /// plain text) or a spreadsheet (CSV).
    #[command(after_help = "\
Examples:
  rolecall export --format apkg --with-progress -o rolecall.apkg   Anki: File > Import
  rolecall export --format anki -o rolecall-anki.txt               Anki: File > Import
  rolecall export --format csv --deck cyber-pm-day > pm.csv
  rolecall export --format anki --kind questions --kind scenario -o drills.txt
  rolecall export --format apkg --role appsec-engineer -o appsec.apkg

Anki: one note per card (Front, Back), tags rolecall::DECK::ROLE and
rolecall::kind::KIND, the card id as GUID (importing again updates the notes),
Anki deck rolecall::DECK. The package (apkg) has a note type `rolecall`; with
--with-progress each card keeps its due date, interval, reviews, lapses, FSRS
memory state and review log (tick \"Import any learning progress\" in Anki) and
the decks a preset with your retention. The text file (anki) is tab-separated
HTML that any language of Anki maps by position. CSV (RFC 4180): id, deck, role,
task, kind, prompt, answer, key_points, choices; lists joined with ` | `; a cell
starting with = + - @ gets a leading ' so spreadsheets do not run it. An
existing FILE is replaced only with --force.")]
    Export(ExportArgs),

    /// Print the shell code that completes rolecall's commands, flags and
    /// ids (decks, roles, tasks, cards, profiles).
    #[command(after_help = "\
Examples:
  echo 'source <(rolecall completions bash)' >> ~/.bashrc
  echo 'source <(rolecall completions zsh)' >> ~/.zshrc     (after compinit)
  rolecall completions fish > ~/.config/fish/completions/rolecall.fish

The shell code asks rolecall for the candidates as you press Tab (the same
as `COMPLETE=bash rolecall`), so ids come from the decks and profiles you
have. Loading it at each shell start keeps it in step with upgrades.")]
    Completions(CompletionsArgs),

    /// Print the man page (roff), or write one page per command to a folder.
    #[command(after_help = "\
Examples:
  rolecall man | man -l -
  rolecall man --dir ~/.local/share/man/man1 && man rolecall-study")]
    Man(ManArgs),
}

/// The cards a command works on: `--deck`, `--role`, `--task` and
/// `--kind` mean the same in every command that takes them.
#[derive(Debug, Args, Default, Clone)]
pub struct CardFilterArgs {
    #[command(flatten)]
    pub scope: TaskScopeArgs,

    /// Only cards of this kind (repeatable): duties, questions, scenario,
    /// which-role, which-task, profile, timeline, note.
    #[arg(long = "kind", value_name = "KIND", add = kinds())]
    pub kinds: Vec<String>,
}

/// The decks, roles and tasks a command works on.
#[derive(Debug, Args, Default, Clone)]
pub struct TaskScopeArgs {
    /// Only this deck (repeatable).
    #[arg(long = "deck", value_name = "ID", add = decks())]
    pub decks: Vec<String>,

    /// Only this role (repeatable).
    #[arg(long = "role", value_name = "ID", add = roles())]
    pub roles: Vec<String>,

    /// Only this task (repeatable; with `--role`).
    #[arg(long = "task", value_name = "ID", add = tasks())]
    pub tasks: Vec<String>,
}

#[derive(Debug, Args, Default)]
pub struct StudyArgs {
    #[command(flatten)]
    pub filter: CardFilterArgs,

    /// At most this many cards in the session.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count::<usize>)]
    pub limit: Option<usize>,

    /// End the session once this many minutes have passed.
    #[arg(long, value_name = "M", allow_negative_numbers = true, value_parser = count::<u64>)]
    pub minutes: Option<u64>,

    /// New cards allowed today (overrides the daily limit, default 10).
    #[arg(long = "new", value_name = "N", allow_negative_numbers = true, value_parser = count::<u32>)]
    pub new_cards: Option<u32>,

    /// Desired retention for scheduling, 0.70–0.99 (default 0.90).
    #[arg(long, value_name = "R", allow_negative_numbers = true)]
    pub retention: Option<f32>,

    /// Aim at an interview on this date (YYYY-MM-DD): review what would be
    /// forgotten by then and bring in new cards early. Saved to the profile;
    /// `none` clears it.
    #[arg(long, value_name = "DATE")]
    pub interview_on: Option<String>,

    /// Start a new queue instead of resuming today's interrupted session.
    #[arg(long)]
    pub fresh: bool,
}

#[derive(Debug, Args)]
pub struct NextArgs {
    #[command(flatten)]
    pub study: StudyArgs,

    /// Print the card as JSON (`null` when nothing is due).
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("response").required(true).args(["grade", "answer", "choice"])))]
pub struct AnswerArgs {
    /// The card answered.
    #[arg(long, value_name = "ID", add = cards())]
    pub card: String,

    /// The grade to record: 1-4 or again, hard, good, easy.
    #[arg(long, value_name = "GRADE")]
    pub grade: Option<String>,

    /// A typed answer (scored), item numbers for an ordering card, or `-`
    /// to read it from standard input. It may start with `-` (a bullet).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub answer: Option<String>,

    /// The option number chosen on a choice card.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count::<usize>)]
    pub choice: Option<usize>,

    /// An idempotency key (any text up to 200 bytes): a repeat with the
    /// same key records nothing and prints the saved result, so a script
    /// may retry a call whose outcome it did not see.
    #[arg(long, value_name = "KEY", allow_hyphen_values = true)]
    pub id: Option<String>,

    /// Key points (numbered as the feedback shows them) the answer made
    /// though the scorer missed them: "I said that". The grade is
    /// recomputed by the rubric and the correction saved with the review.
    #[arg(long, value_name = "N,M", value_delimiter = ',')]
    pub covered: Vec<usize>,

    /// Key points the scorer credited that the answer did not make.
    #[arg(long, value_name = "N,M", value_delimiter = ',')]
    pub not_covered: Vec<usize>,

    /// Print the result and the new state as JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct ReadinessArgs {
    /// The date to predict for, YYYY-MM-DD [default: now].
    #[arg(long, value_name = "DATE")]
    pub on: Option<String>,

    /// Only this deck (repeatable).
    #[arg(long = "deck", value_name = "ID", add = decks())]
    pub decks: Vec<String>,

    /// Print JSON.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct DecksArgs {
    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,

    /// List each deck's roles and tasks with their ids and names.
    #[arg(long, conflicts_with = "json")]
    pub tree: bool,
}

#[derive(Debug, Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub scope: TaskScopeArgs,

    /// Print straight to standard output, without a pager.
    #[arg(long)]
    pub no_pager: bool,
}

#[derive(Debug, Args)]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Every setting with its value and where it comes from.
    List,
    /// One setting's value.
    Get {
        /// new-per-day, desired-retention, decks, roles, kinds, time-zone,
        /// rollover-hour or semantic.
        #[arg(value_name = "KEY", add = setting_keys())]
        key: String,
    },
    /// Save a setting in the profile.
    Set {
        #[arg(value_name = "KEY", add = setting_keys())]
        key: String,
        /// The value; lists are comma-separated.
        #[arg(value_name = "VALUE", add = setting_values())]
        value: String,
    },
    /// Forget the profile's value: the data dir's default or the built-in
    /// one applies again.
    Unset {
        #[arg(value_name = "KEY", add = setting_keys())]
        key: String,
    },
}

#[derive(Debug, Args)]
pub struct CardsArgs {
    #[command(flatten)]
    pub filter: CardFilterArgs,

    /// Print one JSON array of card objects.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Deck files or folders to check [default: every deck that would load].
    #[arg(value_name = "PATH", value_hint = ValueHint::AnyPath)]
    pub paths: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only reviews of this card.
    #[arg(long, value_name = "ID", add = cards())]
    pub card: Option<String>,

    /// Also list reviews that were undone.
    #[arg(long)]
    pub all: bool,

    /// Print one JSON array of reviews.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct GradeArgs {
    /// The card to grade against.
    #[arg(long, value_name = "ID", add = cards())]
    pub card: String,

    /// The answer text, or `-` to read it from standard input. It may
    /// start with `-` (a bullet).
    #[arg(long, value_name = "TEXT", allow_hyphen_values = true)]
    pub answer: String,

    /// Print JSON: card, score, grade, covered, missed.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct MockArgs {
    /// The candidate's profile. A name that is not a profile yet is created
    /// only with --new-candidate (or, on a terminal, after asking).
    #[arg(long, value_name = "NAME", add = profiles())]
    pub candidate: String,

    /// Create the candidate's profile: the name is new, not a typo.
    #[arg(long)]
    pub new_candidate: bool,

    /// Only questions of this role (repeatable).
    #[arg(long = "role", value_name = "ID", add = roles())]
    pub roles: Vec<String>,

    /// Only questions of this deck (repeatable).
    #[arg(long = "deck", value_name = "ID", add = decks())]
    pub decks: Vec<String>,

    /// How many questions.
    #[arg(long, value_name = "N", default_value_t = 5, allow_negative_numbers = true, value_parser = count::<usize>)]
    pub questions: usize,

    /// Seconds per question (the countdown).
    #[arg(long, value_name = "S", default_value_t = 180, allow_negative_numbers = true, value_parser = count::<u64>)]
    pub seconds: u64,

    /// Seed for the draw: the same seed and progress draw the same questions.
    #[arg(long, value_name = "N", allow_negative_numbers = true, value_parser = count::<u64>)]
    pub seed: Option<u64>,

    /// Where to write the report: Markdown, or a self-contained HTML page
    /// when FILE ends in .html [default: mock-CANDIDATE-DATE.md here].
    #[arg(short = 'o', long = "output", visible_alias = "report", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub report: Option<PathBuf>,

    /// Overwrite the report file if it exists.
    #[arg(long)]
    pub force: bool,

    /// The candidate answers aloud; the mentor grades each answer.
    #[arg(long)]
    pub spoken: bool,

    /// Skip the four-lens rubric.
    #[arg(long)]
    pub no_rubric: bool,

    /// Ask the questions of the candidate's last mock again if drawn (by
    /// default they come only when nothing else is left).
    #[arg(long)]
    pub repeat_last: bool,
}

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct ProfilesArgs {
    #[command(subcommand)]
    pub action: Option<ProfilesAction>,

    /// Print JSON instead of a table.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this deck (repeatable): its cards and their reviews.
    #[arg(long = "deck", value_name = "ID", add = decks())]
    pub decks: Vec<String>,

    /// Print the figures as one JSON object.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Subcommand)]
pub enum ProfilesAction {
    /// Delete one profile and all its progress (asks first).
    #[command(after_help = "\
Examples:
  rolecall profiles remove alice
  rolecall profiles remove alice --yes")]
    Remove {
        /// The profile to delete.
        #[arg(value_name = "NAME", add = profiles())]
        name: String,

        /// Do not ask for confirmation (needed when not on a terminal).
        #[arg(long)]
        yes: bool,
    },
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The candidate's profile [default: the one `--profile` names]; naming
    /// two different profiles with both is refused.
    #[arg(long, value_name = "NAME", add = profiles())]
    pub candidate: Option<String>,

    /// Markdown, or one self-contained HTML page with the charts drawn
    /// [default: html when FILE ends in .html, else md].
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: Option<ReportFormat>,

    /// Write the report to this file instead of standard output (`-`:
    /// standard output).
    #[arg(short = 'o', long = "output", visible_alias = "out", value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub out: Option<PathBuf>,

    /// Overwrite FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The document to import (plain text or Markdown), or `-` for stdin.
    #[arg(value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub file: PathBuf,

    /// Write the deck to this file instead of standard output (`-`:
    /// standard output).
    #[arg(short, long, value_name = "OUT.ron", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// Deck id [default: OUT's file name, else from the title].
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// Deck title [default: the document's title line].
    #[arg(long, value_name = "TITLE", allow_hyphen_values = true)]
    pub title: Option<String>,

    /// Replace OUT if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Anki's plain-text import format (tab-separated, HTML fields).
    Anki,
    /// An Anki package: decks, notes and (with --with-progress) schedules.
    Apkg,
    /// Comma-separated values (RFC 4180) with a header row.
    Csv,
}

#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The file format.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub format: ExportFormat,

    #[command(flatten)]
    pub filter: CardFilterArgs,

    /// Carry the profile's progress into the package: each card's due
    /// date, interval, reviews, lapses, FSRS memory state and review log.
    #[arg(long)]
    pub with_progress: bool,

    /// Write to this file instead of standard output (`-`: standard output).
    #[arg(short, long, value_name = "FILE", value_hint = ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// Replace FILE if it exists.
    #[arg(long)]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct OptimizeArgs {
    /// Forget fitted parameters and go back to the defaults.
    #[arg(long)]
    pub reset: bool,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write rolecall.1 and a page per command (rolecall-study.1, …) to
    /// this folder, creating it, instead of printing the one page.
    #[arg(long, value_name = "DIR", value_hint = ValueHint::DirPath)]
    pub dir: Option<PathBuf>,

    /// Replace pages that exist in DIR.
    #[arg(long, requires = "dir")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: clap_complete::Shell,
}

/// Why a count flag's value was refused.
#[derive(Debug, thiserror::Error)]
pub enum CountError {
    #[error("must be 0 or more")]
    Negative,
    #[error(transparent)]
    NotANumber(#[from] std::num::ParseIntError),
}

/// Reads a count (`--limit`, `--new`, ...). The flags accept values that
/// look negative, so that `-1` is refused with what is allowed instead of
/// clap's "unexpected argument '-1' found".
fn count<T: std::str::FromStr<Err = std::num::ParseIntError>>(text: &str) -> Result<T, CountError> {
    match text.parse::<T>() {
        Ok(n) => Ok(n),
        Err(_)
            if text
                .strip_prefix('-')
                .is_some_and(|n| n.parse::<T>().is_ok()) =>
        {
            Err(CountError::Negative)
        }
        Err(e) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn every_command_has_examples() {
        let cli = Cli::command();
        for sub in cli.get_subcommands() {
            let help = sub
                .get_after_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(
                help.contains("Examples:"),
                "{} has no examples",
                sub.get_name()
            );
        }
    }
}
