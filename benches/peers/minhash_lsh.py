"""Times datasketch's MinHash LSH on the questions of a records.jsonl: one MinHash (128
permutations) per question over its character 3-grams, inserted into an LSH index (threshold 0.5),
then every question queried. Prints the time and the pairs found."""
import json, sys, time
from datasketch import MinHash, MinHashLSH

def grams(text):
    t = " ".join(text.lower().split())
    return {t[i:i + 3] for i in range(max(1, len(t) - 2))}

def main(path):
    with open(path, encoding="utf-8") as f:
        questions = [json.loads(line)["question"] for line in f]
    start = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    hashes = []
    for i, q in enumerate(questions):
        m = MinHash(num_perm=128)
        m.update_batch([g.encode("utf-8") for g in grams(q)])
        lsh.insert(str(i), m)
        hashes.append(m)
    pairs = 0
    for i, m in enumerate(hashes):
        pairs += sum(1 for j in lsh.query(m) if int(j) > i)
    seconds = time.perf_counter() - start
    print(f"datasketch MinHash LSH: {len(questions)} questions, {seconds:.2f} s, {pairs} candidate pairs")

if __name__ == "__main__":
    main(sys.argv[1])
