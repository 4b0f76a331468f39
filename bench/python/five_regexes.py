"""The yardstick of issue 9: a Python script doing five regexes over a JSON Lines file.

Parses each line with json.loads and runs five regular expressions (greeting, apology,
closing, a refusal and a transfer, as the default standard's lexicons would) over every
turn's text, counting matches per conversation. It decides far less than `qa score` does;
it is the floor a customer would compare us with.

Usage: python3 bench/python/five_regexes.py FILE.jsonl
"""
import json
import re
import sys
import time

PATTERNS = [
    re.compile(r"您好|你好|早上好|下午好|晚上好"),
    re.compile(r"抱歉|对不起|不好意思|请谅解"),
    re.compile(r"还有其他|感谢您的|祝您|再见"),
    re.compile(r"不知道|没办法|不归我管|自己去"),
    re.compile(r"转(?:接|给|到|至)[^，。,.!?？！ ]{1,10}(?:处理|客服|部门|专员)"),
]


def main(path):
    start = time.perf_counter()
    conversations = 0
    hits = 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            record = json.loads(line)
            conversations += 1
            for turn in record.get("turns", []):
                text = turn.get("text", "")
                for pattern in PATTERNS:
                    hits += len(pattern.findall(text))
    elapsed = time.perf_counter() - start
    print(f"{conversations} conversations, {hits} matches, {elapsed:.3f} s, {conversations / elapsed:.0f} conv/s")


if __name__ == "__main__":
    main(sys.argv[1])
