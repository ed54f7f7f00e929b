"""Times ftfy.fix_text on the texts written by `cargo bench --bench repair -- --write-text DIR`.

Line by line, as qclean repairs; on the first MEGABYTES of each text (ftfy is slow: the whole
50 MB would take minutes). Prints MB/s."""
import sys, time
import ftfy

MEGABYTES = 10

def main(folder):
    for name in ("clean", "damaged"):
        with open(f"{folder}/{name}.txt", encoding="utf-8") as f:
            text = f.read(MEGABYTES * 1_000_000)
        lines = text.split("\n")
        start = time.perf_counter()
        fixed = [ftfy.fix_text(line) for line in lines]
        seconds = time.perf_counter() - start
        size = len(text.encode("utf-8")) / 1e6
        print(f"ftfy {ftfy.__version__} {name:<8} {size:6.1f} MB  {seconds:7.2f} s  {size / seconds:6.1f} MB/s  {sum(a != b for a, b in zip(lines, fixed))} lines changed")

if __name__ == "__main__":
    main(sys.argv[1])
