//! Sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) through tract, with its
//! `WordPiece` tokenizer, both embedded in the binary
//! (`data/all-minilm-l6-v2/`, see its PROVENANCE.md).
//!
//! Owns turning text into unit vectors: key points as whole sentences, and an
//! answer as contextual token states from one forward pass, which callers
//! pool over spans (clauses, windows) without running the model again. It
//! knows nothing about key points, spans or grades.
//!
//! Pure: no I/O (the model bytes are part of the binary). Loading parses
//! and optimises the graph, which takes most of a second: callers load it
//! lazily, off the first card's path (see [`super::LazyEmbedder`]).

use std::ops::Range;

use anyhow::{Context, Result, anyhow};
use tokenizers::Tokenizer;
use tract_onnx::prelude::*;

const MODEL: &[u8] = include_bytes!("../../data/all-minilm-l6-v2/model.onnx");
const TOKENIZER: &[u8] = include_bytes!("../../data/all-minilm-l6-v2/tokenizer.json");

/// Dimensions of a sentence vector.
pub const DIM: usize = 384;
/// Word pieces of an answer read for meaning; the rest is scored by words
/// only. Two forward passes: answers are rarely a quarter of this.
pub const MAX_ANSWER_TOKENS: usize = 508;
/// Word pieces per forward pass, without `[CLS]` and `[SEP]` (the model was
/// trained on sequences of up to 256).
const CHUNK: usize = 254;
/// Texts per forward pass when embedding key points.
const BATCH: usize = 32;

type Plan = std::sync::Arc<TypedSimplePlan>;

/// A unit-length sentence vector.
pub type Vector = Box<[f32]>;

/// The loaded model and tokenizer. Cheap to share between threads.
pub struct Embedder {
    tokenizer: Tokenizer,
    plan: Plan,
    cls: u32,
    sep: u32,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Embedder(all-MiniLM-L6-v2 int8)")
    }
}

/// One text's contextual token states, for pooling spans of it.
#[derive(Debug, Clone)]
pub struct TokenStates {
    /// Byte range in the text of each word piece.
    offsets: Vec<Range<usize>>,
    /// `offsets.len() × DIM` states, row by row.
    states: Vec<f32>,
    /// The mean of every state, `[CLS]` and `[SEP]` included (how the model
    /// pools a sentence), normalised; `None` for a text with no word piece.
    whole: Option<Vector>,
    /// The text went past [`MAX_ANSWER_TOKENS`] and was cut.
    pub truncated: bool,
}

impl Embedder {
    /// Parses and optimises the embedded model (about a second on one core).
    pub fn load() -> Result<Embedder> {
        Embedder::load_with(true)
    }

    /// [`Embedder::load`], with the word embeddings gathered before they are
    /// dequantised (`lean`) or as the file has it (to test that both agree).
    fn load_with(lean: bool) -> Result<Embedder> {
        let mut tokenizer = Tokenizer::from_bytes(TOKENIZER)
            .map_err(|e| anyhow!("the embedded tokenizer is unreadable: {e}"))?;
        // The file pads and truncates to 128; pooling must see only real
        // tokens, and long answers are split into chunks here instead.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(None)
            .map_err(|e| anyhow!("cannot configure the tokenizer: {e}"))?;
        let id = |t: &str| {
            tokenizer
                .token_to_id(t)
                .ok_or_else(|| anyhow!("the tokenizer has no {t} token"))
        };
        let (cls, sep) = (id("[CLS]")?, id("[SEP]")?);

        let mut model = read_model(lean)?;
        let batch = model.symbols.sym("batch");
        let sequence = model.symbols.sym("sequence");
        for input in 0..3 {
            model = model.with_input_fact(
                input,
                InferenceFact::dt_shape(
                    i64::datum_type(),
                    tvec![batch.to_dim(), sequence.to_dim()],
                ),
            )?;
        }
        let plan = model
            .into_optimized()
            .context("cannot optimise the embedding model")?
            .into_runnable()?;
        Ok(Embedder {
            tokenizer,
            plan,
            cls,
            sep,
        })
    }

    /// Sentence vectors of `texts` (mean of the token states, unit length),
    /// batched by similar length. Each text is cut at [`CHUNK`] word pieces.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vector>> {
        let mut pieces: Vec<(usize, Vec<u32>)> = texts
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let mut ids = self.encode(t)?.0;
                ids.truncate(CHUNK);
                Ok((i, ids))
            })
            .collect::<Result<_>>()?;
        pieces.sort_by_key(|(_, ids)| ids.len());
        let mut out: Vec<Option<Vector>> = vec![None; texts.len()];
        for group in pieces.chunks(BATCH) {
            let seqs: Vec<&[u32]> = group.iter().map(|(_, ids)| ids.as_slice()).collect();
            let states = self.run(&seqs)?;
            for ((i, ids), state) in group.iter().zip(states) {
                let rows = ids.len() + 2;
                out[*i] = Some(mean(&state[..rows * DIM], rows).unwrap_or_else(zero));
            }
        }
        Ok(out.into_iter().map(|v| v.unwrap_or_else(zero)).collect())
    }

    /// Token states of `text` (up to [`MAX_ANSWER_TOKENS`] word pieces), in
    /// as few forward passes as fit.
    pub fn token_states(&self, text: &str) -> Result<TokenStates> {
        let (mut ids, mut offsets) = self.encode(text)?;
        let truncated = ids.len() > MAX_ANSWER_TOKENS;
        ids.truncate(MAX_ANSWER_TOKENS);
        offsets.truncate(MAX_ANSWER_TOKENS);
        let mut states = Vec::with_capacity(ids.len() * DIM);
        let mut sum = vec![0.0f32; DIM];
        let mut rows = 0usize;
        if !ids.is_empty() {
            let chunks: Vec<&[u32]> = ids.chunks(CHUNK).collect();
            for (chunk, state) in chunks.iter().zip(self.run(&chunks)?) {
                let n = chunk.len() + 2;
                for row in state[..n * DIM].chunks_exact(DIM) {
                    for (s, x) in sum.iter_mut().zip(row) {
                        *s += x;
                    }
                }
                rows += n;
                // Without [CLS] and [SEP]: spans pool word pieces only.
                states.extend_from_slice(&state[DIM..(n - 1) * DIM]);
            }
        }
        let whole = (rows > 0).then(|| normalised(sum));
        Ok(TokenStates {
            offsets,
            states,
            whole,
            truncated,
        })
    }

    /// Word-piece ids and byte offsets, without special tokens.
    fn encode(&self, text: &str) -> Result<(Vec<u32>, Vec<Range<usize>>)> {
        let encoding = self
            .tokenizer
            .encode(text, false)
            .map_err(|e| anyhow!("cannot tokenise: {e}"))?;
        let offsets = encoding.get_offsets().iter().map(|&(s, e)| s..e).collect();
        Ok((encoding.get_ids().to_vec(), offsets))
    }

    /// One forward pass over `[CLS] seq [SEP]` for each sequence, padded to
    /// the longest; returns each sequence's `(len + 2) × DIM` states (padding
    /// rows after them).
    fn run(&self, seqs: &[&[u32]]) -> Result<Vec<Vec<f32>>> {
        let b = seqs.len();
        let n = seqs.iter().map(|s| s.len()).max().unwrap_or(0) + 2;
        let mut ids = vec![0i64; b * n];
        let mut mask = vec![0i64; b * n];
        for (row, seq) in seqs.iter().enumerate() {
            let base = row * n;
            ids[base] = i64::from(self.cls);
            for (j, &id) in seq.iter().enumerate() {
                ids[base + 1 + j] = i64::from(id);
            }
            ids[base + seq.len() + 1] = i64::from(self.sep);
            mask[base..base + seq.len() + 2].fill(1);
        }
        let types = vec![0i64; b * n];
        let inputs = tvec![
            Tensor::from_shape(&[b, n], &ids)?.into(),
            Tensor::from_shape(&[b, n], &mask)?.into(),
            Tensor::from_shape(&[b, n], &types)?.into(),
        ];
        let outputs = self.plan.run(inputs)?;
        let hidden = outputs[0].to_plain_array_view::<f32>()?;
        let flat: Vec<f32> = hidden.iter().copied().collect();
        if flat.len() != b * n * DIM {
            return Err(anyhow!(
                "the embedding model returned {} values, expected {}",
                flat.len(),
                b * n * DIM
            ));
        }
        Ok(flat.chunks_exact(n * DIM).map(<[f32]>::to_vec).collect())
    }
}

/// The embedded model as tract reads it; `lean` rewrites how its weights
/// are dequantised first (see [`dequantize_in_one_step`]).
fn read_model(lean: bool) -> Result<InferenceModel> {
    let onnx = tract_onnx::onnx();
    let mut proto = onnx
        .proto_model_for_read(&mut std::io::Cursor::new(MODEL))
        .context("the embedded model is unreadable")?;
    if lean && let Some(graph) = proto.graph.as_mut() {
        dequantize_in_one_step(graph);
    }
    onnx.model_for_proto_model(&proto)
        .context("the embedded model is unreadable")
}

type Graph = tract_onnx::pb::GraphProto;

/// The dimensions of initializer `name` when it is of type `data_type`.
fn initializer<'g>(graph: &'g Graph, name: &str, data_type: DataType) -> Option<&'g [i64]> {
    graph
        .initializer
        .iter()
        .find(|t| t.name == name && t.data_type == data_type as i32)
        .map(|t| t.dims.as_slice())
}

/// The export stores each matrix of weights as int8 with a scale per
/// column and dequantises it in the graph as `Mul(Cast(weights), scales)`.
/// tract folds that into an f32 constant when it loads the model, and its
/// analysis keeps every intermediate constant until then: the int8
/// weights, the cast's f32 copy and the product's (43 MB each, 110 MB of
/// heap for the 43 MB kept). As one `DequantizeLinear(weights, scales)`
/// (no zero point, the scales along axis 1) the folding keeps only the
/// int8 input and the result, and each element is the same: the int8 value
/// as f32, minus a zero of 0 (exact), times its column's scale, rounded
/// once. So the model's outputs do not change by a bit.
///
/// Rewrites each such `Mul` whose product only `MatMul`s read and whose
/// cast nothing else reads; the word-embedding table, which a `Gather`
/// reads, tract already keeps as int8.
fn dequantize_in_one_step(graph: &mut Graph) {
    let mut casts = Vec::new();
    for mul in 0..graph.node.len() {
        let node = &graph.node[mul];
        if node.op_type != "Mul" || node.input.len() != 2 || node.output.len() != 1 {
            continue;
        }
        let (cast_out, scales, product) = (&node.input[0], &node.input[1], &node.output[0]);
        let Some(cast) = graph
            .node
            .iter()
            .position(|n| n.output.first() == Some(cast_out))
        else {
            continue;
        };
        let cast_node = &graph.node[cast];
        let to_f32 = cast_node
            .attribute
            .iter()
            .any(|a| a.name == "to" && a.i == DataType::Float as i64);
        if cast_node.op_type != "Cast" || !to_f32 || cast_node.input.len() != 1 {
            continue;
        }
        let weights = &cast_node.input[0];
        let (Some(&[_, columns]), Some(scale_dims)) = (
            initializer(graph, weights, DataType::Int8),
            initializer(graph, scales, DataType::Float),
        ) else {
            continue;
        };
        let per_column = scale_dims == [1, columns] || scale_dims == [columns];
        let readers = |name: &String| graph.node.iter().filter(|n| n.input.contains(name)).count();
        let matmuls = graph
            .node
            .iter()
            .filter(|n| n.op_type == "MatMul" && n.input.contains(product))
            .count();
        let only_matmuls =
            readers(product) == matmuls && !graph.output.iter().any(|o| &o.name == product);
        if !per_column || !only_matmuls || readers(cast_out) != 1 {
            continue;
        }
        let weights = weights.clone();
        let node = &mut graph.node[mul];
        node.op_type = "DequantizeLinear".into();
        node.input[0] = weights;
        node.attribute.clear();
        casts.push(cast);
    }
    let mut index = 0;
    graph.node.retain(|_| {
        index += 1;
        !casts.contains(&(index - 1))
    });
}

use tract_onnx::pb::tensor_proto::DataType;

impl TokenStates {
    /// The whole text's vector, `None` when it had no word piece.
    pub fn whole(&self) -> Option<&[f32]> {
        self.whole.as_deref()
    }

    /// The mean of the states of the word pieces inside `bytes` for which
    /// `keep` holds (by byte offset of the piece), normalised; `None` when
    /// no piece is left.
    pub fn pool(&self, bytes: Range<usize>, keep: impl Fn(usize) -> bool) -> Option<Vector> {
        let mut sum = vec![0.0f32; DIM];
        let mut n = 0;
        for (i, r) in self.offsets.iter().enumerate() {
            if r.start >= bytes.start && r.end <= bytes.end && r.end > r.start && keep(r.start) {
                for (s, x) in sum.iter_mut().zip(&self.states[i * DIM..(i + 1) * DIM]) {
                    *s += x;
                }
                n += 1;
            }
        }
        (n > 0).then(|| normalised(sum))
    }

    /// Byte offset where the text read for meaning ends.
    pub fn end(&self) -> usize {
        self.offsets.last().map_or(0, |r| r.end)
    }
}

/// Cosine of two unit vectors.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn mean(rows: &[f32], n: usize) -> Option<Vector> {
    if n == 0 {
        return None;
    }
    let mut sum = vec![0.0f32; DIM];
    for row in rows.chunks_exact(DIM) {
        for (s, x) in sum.iter_mut().zip(row) {
            *s += x;
        }
    }
    Some(normalised(sum))
}

fn normalised(mut v: Vec<f32>) -> Vector {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        for x in &mut v {
            *x /= norm;
        }
    }
    v.into_boxed_slice()
}

fn zero() -> Vector {
    vec![0.0; DIM].into_boxed_slice()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::OnceLock;

    pub(crate) fn model() -> &'static Embedder {
        static MODEL: OnceLock<Embedder> = OnceLock::new();
        MODEL.get_or_init(|| Embedder::load().expect("the embedded model loads"))
    }

    #[test]
    fn vectors_match_the_reference_implementation() {
        // First components from onnxruntime on the same file (and within
        // 0.0005 cosine of the f32 upstream weights).
        let v = model()
            .embed(&["Where can we tolerate errors? Where can we NOT?"])
            .unwrap();
        let expected = [-0.034_476_97, 0.012_376_3, 0.042_113_96, 0.019_471_96];
        for (x, e) in v[0].iter().zip(expected) {
            assert!((x - e).abs() < 1e-4, "{:?}", &v[0][..4]);
        }
        let norm: f32 = v[0].iter().map(|x| x * x).sum();
        assert!((norm - 1.0).abs() < 1e-4);
    }

    /// Bytes of the plan's constants of `datum` type.
    fn constant_bytes(e: &Embedder, datum: DatumType) -> usize {
        e.plan
            .model()
            .nodes()
            .iter()
            .filter_map(|n| n.op_as::<tract_onnx::tract_core::ops::konst::Const>())
            .filter(|c| c.val().datum_type() == datum)
            .map(|c| c.val().len() * datum.size_of())
            .sum()
    }

    #[test]
    fn dequantizing_in_one_step_changes_no_output() {
        let lean = model();
        let plain = Embedder::load_with(false).expect("the model as the file has it loads");
        // The rewrite applied (the graph has 36 weight matrices) and the
        // optimised plans hold the same constants.
        let mut proto = tract_onnx::onnx()
            .proto_model_for_read(&mut std::io::Cursor::new(MODEL))
            .unwrap();
        let graph = proto.graph.as_mut().unwrap();
        let casts = |g: &Graph| g.node.iter().filter(|n| n.op_type == "Cast").count();
        let before = casts(graph);
        dequantize_in_one_step(graph);
        assert_eq!(before - casts(graph), 36);
        for datum in [f32::datum_type(), i8::datum_type()] {
            assert_eq!(constant_bytes(lean, datum), constant_bytes(&plain, datum));
        }
        let texts = [
            "Where can we tolerate errors? Where can we NOT?",
            "who owns the fix",
            "Rotate the k8s service-account tokens before the release.",
        ];
        assert_eq!(lean.embed(&texts).unwrap(), plain.embed(&texts).unwrap());
        let (a, b) = (
            lean.token_states(texts[2]).unwrap(),
            plain.token_states(texts[2]).unwrap(),
        );
        assert_eq!(a.states, b.states, "bit for bit");
        assert_eq!(a.whole, b.whole);
    }

    #[test]
    fn paraphrases_are_closer_than_other_points() {
        let m = model();
        let v = m
            .embed(&[
                "Where can we tolerate errors? Where can we NOT?",
                "where can we live with errors and where can't we",
                "How will customers trust this output?",
            ])
            .unwrap();
        let para = cosine(&v[0], &v[1]);
        let other = cosine(&v[0], &v[2]);
        assert!(para > 0.85 && other < 0.4, "{para} {other}");
    }

    #[test]
    fn batching_and_order_do_not_change_vectors() {
        let m = model();
        let texts = [
            "who owns the fix",
            "is this real or noise, and why now?",
            "a",
        ];
        let batch = m.embed(&texts).unwrap();
        for (t, v) in texts.iter().zip(&batch) {
            let alone = m.embed(&[t]).unwrap();
            assert!(cosine(&alone[0], v) > 0.9999, "{t}");
        }
    }

    #[test]
    fn token_states_pool_spans_and_the_whole_text() {
        let m = model();
        let text = "Is it real? Who owns the fix?";
        let states = m.token_states(text).unwrap();
        assert!(!states.truncated);
        assert_eq!(states.end(), text.len());
        let whole = states.whole().unwrap();
        let sentence = m.embed(&[text]).unwrap();
        assert!(cosine(whole, &sentence[0]) > 0.9999);
        let owner = states.pool(12..text.len(), |_| true).unwrap();
        let point = m.embed(&["who owns the fix"]).unwrap();
        let real = m.embed(&["is this real"]).unwrap();
        assert!(cosine(&owner, &point[0]) > cosine(&owner, &real[0]));
        assert!(states.pool(0..0, |_| true).is_none());
        assert!(states.pool(0..text.len(), |_| false).is_none());
    }

    #[test]
    fn empty_and_long_texts() {
        let m = model();
        let empty = m.token_states("").unwrap();
        assert!(empty.whole().is_none());
        assert!(empty.pool(0..10, |_| true).is_none());
        let long = "who owns the fix and is it real ".repeat(100);
        let states = m.token_states(&long).unwrap();
        assert!(states.truncated);
        assert!(states.end() < long.len());
        assert!(states.whole().is_some());
    }
}
