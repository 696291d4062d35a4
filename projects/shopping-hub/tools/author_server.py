#!/usr/bin/env python3
"""Recording author server for the Cascade Workbench sample projects (dev-only).

A small OpenAI-compatible chat-completions server that answers with hand-authored example
replies, so that running the engine against it produces the offline recordings of
projects/shopping-hub and projects/hello-cascade (see make_recordings.sh). It is not a model:
every reply is written by hand (themes_authored.json, hello_authored.json) or selected by a
fixed rule from the prompt (the keyword selector), so the same request always gets the same reply.

Usage:  python3 author_server.py PORT        (binds 127.0.0.1 only; PORT 0 picks a free port)

Endpoints: POST /v1/chat/completions (JSON reply, or SSE with "stream": true), GET /v1/models,
GET /health.

The stage is recognised by the marker that opens the system prompt:
  "You are the THEMES planner"        shopping-hub  themes      -> {"themes": [...]}
  "You are the KEYWORD SELECTOR"      shopping-hub  keywords    -> {"keywords": [...]} from <candidates>
  "You are the THEME JUDGE"           shopping-hub  judge       -> {"rationale": ..., "score": n}
  "You are the ONE-SHOT PAGE planner" shopping-hub  monolithic  -> {"themes": [... with keywords]}
  "You are the FEATURE WRITER"        hello-cascade features    -> {"features": [3 strings]}
  "You are the TAGLINE WRITER"        hello-cascade tagline     -> one line of text
If no system prompt carries a marker, the markers are looked for in every message, then a few
signature lines of the user prompts are tried. A request it cannot place gets HTTP 400.

Python 3 standard library only.
"""

import hashlib
import json
import math
import re
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

HERE = Path(__file__).resolve().parent
THEMES_FILE = HERE / "themes_authored.json"
HELLO_FILE = HERE / "hello_authored.json"

MARKERS = [
    ("You are the THEMES planner", "themes"),
    ("You are the KEYWORD SELECTOR", "keywords"),
    ("You are the THEME JUDGE", "judge"),
    ("You are the ONE-SHOT PAGE planner", "monolithic"),
    ("You are the FEATURE WRITER", "features"),
    ("You are the TAGLINE WRITER", "tagline"),
]
# Fallbacks when no system prompt was sent: a line that only that stage's user prompt has.
SIGNATURES = [
    ("and write the keywords for each theme", "monolithic"),
    ("Plan the themes for this shopper's page", "themes"),
    ("<candidates>", "keywords"),
    ("Judge this theme for the shopper below", "judge"),
    ("Write exactly 3 selling points", "features"),
    ("Write one tagline", "tagline"),
]

CREATED_BASE = 1750000000  # fixed, so replies are byte-for-byte reproducible


class AuthorError(Exception):
    """A request the author data cannot answer (HTTP 400)."""


# --------------------------------------------------------------------------- data

_data_lock = threading.Lock()
_data = {}


def load_data():
    with _data_lock:
        if not _data:
            themes = json.loads(THEMES_FILE.read_text(encoding="utf-8"))
            hello = json.loads(HELLO_FILE.read_text(encoding="utf-8"))
            by_title = {}
            for uid, user in themes["users"].items():
                for theme in user["themes"]:
                    by_title[theme["title"]] = (uid, theme)
            _data.update(users=themes["users"], by_title=by_title, products=hello["products"])
        return _data


# --------------------------------------------------------------------------- text helpers

UNITS = {"oz", "lb", "lbs", "ct", "count", "pack", "pk", "g", "kg", "ml", "l", "fl", "qt",
         "gal", "gallon", "pint", "dozen", "x", "in", "inch", "cm"}
STOP = {"a", "an", "and", "or", "the", "of", "with", "for", "to", "in", "on", "at", "by", "from"}


def norm_word(word):
    w = word.lower()
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith("oes"):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
        return w[:-1]
    return w


def words(text):
    return [norm_word(w) for w in re.findall(r"[a-z0-9]+", text.lower())]


def content_words(text):
    return [w for w in words(text) if w not in STOP and w not in UNITS and not w.isdigit()]


def message_text(message):
    content = message.get("content")
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # [{"type": "text", "text": ...}, ...]
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    return ""


def first_user_text(messages):
    for m in messages:
        if m.get("role") == "user":
            return message_text(m)
    raise AuthorError("the request has no user message")


def line_value(text, label):
    m = re.search(r"^" + re.escape(label) + r":[ \t]*(.*)$", text, re.MULTILINE)
    return m.group(1).strip() if m else None


def block(text, tag):
    m = re.search(r"<" + tag + r">\n?(.*?)</" + tag + r">", text, re.DOTALL)
    return m.group(1) if m else None


def bullets_after(text, label, stop_labels=()):
    """The '- x' lines that follow a line 'label:' (until a non-bullet line)."""
    lines = text.splitlines()
    out = []
    for i, line in enumerate(lines):
        if line.strip() == label + ":":
            for nxt in lines[i + 1:]:
                s = nxt.strip()
                if s.startswith("- "):
                    out.append(s[2:].strip())
                elif s == "":
                    continue
                else:
                    break
            return out
    return out


def quote_list(items):
    q = ['"%s"' % k for k in items]
    if len(q) <= 1:
        return "".join(q)
    return ", ".join(q[:-1]) + " and " + q[-1]


# --------------------------------------------------------------------------- stage detection

def detect_stage(messages):
    for m in messages:
        if m.get("role") in ("system", "developer"):
            text = message_text(m).lstrip()
            for marker, stage in MARKERS:
                if text.startswith(marker):
                    return stage
    for m in messages:
        text = message_text(m)
        for marker, stage in MARKERS:
            if marker in text:
                return stage
    for m in messages:
        if m.get("role") == "user":
            text = message_text(m)
            for sig, stage in SIGNATURES:
                if sig in text:
                    return stage
    raise AuthorError("cannot tell which stage this request belongs to: no known system-prompt marker "
                      "(expected one of: %s)" % "; ".join(m for m, _ in MARKERS))


# --------------------------------------------------------------------------- shopping-hub stages

def user_for(text):
    data = load_data()
    uid = line_value(text, "Shopper id")
    if not uid:
        raise AuthorError('the themes prompt has no "Shopper id:" line')
    if uid not in data["users"]:
        raise AuthorError("no authored themes for shopper id %r (known: %s)" % (uid, ", ".join(sorted(data["users"]))))
    return data["users"][uid]


def reply_themes(text):
    themes = [{"title": t["title"], "intent": t["intent"], "product_concepts": list(t["product_concepts"])}
              for t in user_for(text)["themes"]]
    return {"themes": themes}


def reply_monolithic(text):
    themes = [{"title": t["title"], "intent": t["intent"], "product_concepts": list(t["product_concepts"]),
               "keywords": list(t["mono_keywords"])}
              for t in user_for(text)["themes"]]
    return {"themes": themes}


MEAT = {"chicken", "beef", "pork", "lamb", "turkey", "bacon", "ham", "sausage", "salami", "pepperoni",
        "jerky", "veal", "duck", "brisket", "rib", "steak", "hot dog", "bratwurst", "meatball", "prosciutto",
        "chorizo", "gelatin", "carnita", "wagyu", "drumstick", "wing", "thigh", "breast", "ground meat", "lard"}
FISH = {"fish", "salmon", "tuna", "shrimp", "cod", "tilapia", "anchovy", "sardine", "crab", "lobster",
        "scallop", "clam", "mussel", "oyster", "fish sauce", "halibut", "trout", "mackerel"}
PORK = {"pork", "bacon", "ham", "prosciutto", "pepperoni", "salami", "chorizo", "lard", "gelatin", "carnita"}
ALCOHOL = {"wine", "beer", "rum", "vodka", "whiskey", "bourbon", "tequila", "gin", "liqueur", "sake", "mirin",
           "champagne", "prosecco", "cooking wine", "hard seltzer"}
DAIRY = {"milk", "cheese", "butter", "yogurt", "cream", "whey", "ghee", "mozzarella", "cheddar", "parmesan",
         "ricotta", "feta", "kefir", "ice cream", "sour cream", "half and half", "custard", "brie", "swiss"}
PLANT = {"oat", "almond", "soy", "coconut", "cashew", "rice", "plant", "vegan", "peanut", "sunflower",
         "dairy free", "non dairy", "lactose free", "nut", "hemp", "pea", "apple", "cocoa", "shea"}
EGG = {"egg", "mayonnaise", "mayo", "meringue"}
GLUTEN = {"wheat", "flour", "bread", "pasta", "spaghetti", "penne", "rotini", "macaroni", "noodle", "couscous",
          "barley", "rye", "bagel", "croissant", "cracker", "tortilla", "soy sauce", "bulgur", "farro", "seitan",
          "panko", "breadcrumb", "cake", "cookie", "muffin", "pretzel", "bun", "roll", "pastry", "pie crust",
          "beer", "semolina", "sourdough", "brioche", "pita", "naan", "waffle", "pancake mix", "stuffing"}
GF_OK = {"gluten free", "gf", "rice", "almond", "corn", "coconut", "chickpea", "cassava", "potato", "quinoa",
         "buckwheat", "tapioca", "oat flour"}
SUGAR = {"sugar", "candy", "syrup", "cookie", "soda", "sweetened", "frosting", "sprinkle", "caramel", "marshmallow",
         "chocolate chip", "cake", "donut", "pastry", "honey", "jam", "jelly"}
SUGAR_OK = {"sugar free", "no sugar added", "unsweetened", "zero sugar", "no added sugar"}
PEANUT = {"peanut"}
HONEY = {"honey"}


def has_any(phrase_words, vocab):
    joined = " " + " ".join(phrase_words) + " "
    return any((" " + " ".join(norm_word(w) for w in v.split()) + " ") in joined for v in vocab)


def conflict_rules(dietary):
    """Returns a list of (deny vocabulary, allow vocabulary) pairs read from the 'Dietary needs' line."""
    d = (dietary or "").lower()
    rules = []
    if "vegan" in d:
        rules += [(MEAT | FISH, set()), (DAIRY, PLANT), (EGG, {"vegan", "plant"}), (HONEY, set())]
    elif "vegetarian" in d:
        rules += [(MEAT | FISH, {"vegetarian", "veggie", "plant", "meatless", "vegan"})]
        if re.search(r"\bno\b[^.;]*\beggs?\b", d):
            rules += [(EGG, {"vegan", "plant", "eggless"})]
    elif "pescatarian" in d:
        rules += [(MEAT, {"vegetarian", "veggie", "plant", "meatless"})]
    if "halal" in d or "no pork" in d:
        rules += [(PORK, {"turkey bacon", "beef bacon", "halal"}), (ALCOHOL, {"vinegar", "alcohol free", "non alcoholic"})]
    if "lactose" in d or "dairy free" in d or "no dairy" in d or "dairy-free" in d:
        rules += [(DAIRY, PLANT)]
    if "gluten" in d or "celiac" in d or "coeliac" in d:
        rules += [(GLUTEN, GF_OK)]
    if "peanut" in d:
        rules += [(PEANUT, set())]
    if "no added sugar" in d or "diabet" in d:
        rules += [(SUGAR, SUGAR_OK)]
    if "no honey" in d:
        rules += [(HONEY, set())]
    return rules


def conflicts(candidate, rules):
    w = words(candidate)
    for deny, allow in rules:
        if has_any(w, deny) and not has_any(w, allow):
            return True
    return False


MODIFIERS = {"organic", "natural", "store", "brand", "family", "size", "value", "bulk", "large", "small", "mini",
             "original", "classic", "premium", "fresh", "frozen", "pack", "jumbo", "party", "club", "select",
             "fancy", "whole", "plain", "regular", "everyday", "bag", "box", "jar", "bottle", "can", "canned"}


ATTRIBUTES = MODIFIERS | {"gluten", "free", "low", "sodium", "fat", "reduced", "sugar", "unsweetened", "sweetened",
                          "vegan", "salt", "no", "added", "unsalted", "lite", "light", "nonfat", "spicy", "mild",
                          "hot", "dried", "raw", "roasted", "toasted", "smoked", "instant", "grain", "high", "protein"}


def select_keywords(concepts, candidates, dietary):
    """Deterministic selection: one best candidate per concept per round (round robin), scored by
    shared words; skips dietary conflicts and variants (size, pack, 'organic'...) of a keyword
    already picked, unless there is nothing else to pick."""
    rules = conflict_rules(dietary)
    allowed = [(i, c) for i, c in enumerate(candidates) if not conflicts(c, rules)]
    cw = {i: set(content_words(c)) for i, c in allowed}
    core = {i: (w - MODIFIERS) or w for i, w in cw.items()}
    target = max(5, min(10, 2 * len(concepts)))

    def match(i, concept, strict=False):
        kw = content_words(concept)
        if not kw:
            return None
        shared = cw[i] & set(kw)
        nouns = [w for w in kw if w not in ATTRIBUTES] or kw
        shared_nouns = shared & set(nouns)
        head_hit = kw[-1] in cw[i]
        # an attribute alone ("gluten free", "low sodium") is not a match: the product must be
        if not shared_nouns or (not head_hit and len(shared_nouns) < 2):
            return None
        if strict and (not head_hit or len(shared_nouns) < min(2, len(set(nouns)))):
            return None
        phrase = (" " + " ".join(kw) + " ") in (" " + " ".join(content_words(candidates[i])) + " ")
        extra = len(cw[i] - set(kw))
        return (len(shared) + (1 if phrase else 0), len(shared) / len(set(kw)), -extra, -i)

    picked = []

    def is_variant(i, j):
        # the same product with attributes added or dropped ("organic x", "spicy x 32 oz")
        return core[i] <= core[j] or core[j] <= core[i]

    def take(i, allow_variant=False):
        if i in picked:
            return False
        for j in picked:
            if cw[i] == cw[j]:  # the same words in another size or pack: never worth a second slot
                return False
            if not allow_variant and is_variant(i, j):
                return False
        picked.append(i)
        return True

    def ranked(concept, strict):
        scored = [(match(i, concept, strict), i) for i, _ in allowed]
        return [i for s, i in sorted((s, i) for s, i in scored if s is not None)[::-1]]

    for strict in (False, True):  # round 1: best per concept; round 2: a second, distinct, close match
        for concept in concepts:
            if len(picked) >= target:
                break
            for i in ranked(concept, strict):
                if take(i):
                    break
    # Thin matches: fill up to 5 with on-theme candidates (variants last), then in retrieval order.
    theme_words = set()
    for concept in concepts:
        theme_words |= set(content_words(concept)) - ATTRIBUTES
    on_theme = [i for i, _ in allowed if cw[i] & theme_words]
    for pool, allow_variant in ((on_theme, False), (on_theme, True), ([i for i, _ in allowed], False)):
        for i in pool:
            if len(picked) >= 5:
                break
            take(i, allow_variant)
    if len(picked) < 3:  # almost everything conflicted: the schema needs at least 3
        for i, _ in enumerate(candidates):
            if len(picked) >= 3:
                break
            if i not in picked:
                picked.append(i)
    return [candidates[i] for i in picked]


def reply_keywords(text):
    theme = block(text, "theme") or text
    cands = block(text, "candidates")
    if cands is None:
        raise AuthorError("the keywords prompt has no <candidates> block")
    candidates = [l.strip()[2:].strip() for l in cands.splitlines() if l.strip().startswith("- ")]
    if not candidates:
        raise AuthorError("the <candidates> block is empty: nothing to select from")
    concepts = bullets_after(theme, "Product concepts")
    if not concepts:
        title = line_value(theme, "Title") or ""
        concepts = [title]
    return {"keywords": select_keywords(concepts, candidates, line_value(text, "Dietary needs"))}


def keyword_sentence(score, keywords, concepts):
    if not keywords:
        return "No keywords were selected, so the carousel would be empty."
    concept_words = set()
    for c in concepts:
        concept_words |= set(content_words(c))
    on = [k for k in keywords if set(content_words(k)) & concept_words]
    shown = (on or keywords)[:3]
    if score >= 4:
        if len(on) >= 0.6 * len(keywords):
            return "The selected keywords (%s) map cleanly onto the product concepts, so the carousel is easy to fill." % quote_list(shown)
        return ("Only some of the selected keywords (%s) match the product concepts, which weakens shoppability a little."
                % quote_list(shown))
    if score == 3:
        return "Keywords such as %s are shoppable, but they do not make up for the weak fit." % quote_list(shown[:2])
    return "The keywords (%s) are real products, but they serve the wrong need for this shopper." % quote_list(shown[:2])


def reply_judge(text):
    data = load_data()
    theme_block = block(text, "theme") or text
    title = line_value(theme_block, "Title")
    if not title:
        raise AuthorError('the judge prompt has no "Title:" line')
    hit = data["by_title"].get(title)
    if hit is None:
        lowered = {t.lower(): v for t, v in data["by_title"].items()}
        hit = lowered.get(title.lower())
    if hit is None:
        raise AuthorError("no authored verdict for the theme %r" % title)
    _uid, theme = hit
    keywords = bullets_after(theme_block, "Keywords")
    concepts = bullets_after(theme_block, "Product concepts") or theme["product_concepts"]
    score = theme["judge"]["score"]
    if not keywords:
        score = min(score, 2)
    rationale = theme["judge"]["rationale"] + " " + keyword_sentence(score, keywords, concepts)
    return {"rationale": rationale, "score": score}


# --------------------------------------------------------------------------- hello-cascade stages

def product_for(text):
    products = load_data()["products"]
    sku = line_value(text, "SKU")
    if not sku:
        raise AuthorError('the prompt has no "SKU:" line')
    if sku not in products:
        raise AuthorError("no authored copy for SKU %r (known: %s)" % (sku, ", ".join(sorted(products))))
    return products[sku]


def reply_features(text):
    return {"features": list(product_for(text)["features"])}


def reply_tagline(text):
    return product_for(text)["tagline"]


REPLIES = {
    "themes": reply_themes,
    "keywords": reply_keywords,
    "judge": reply_judge,
    "monolithic": reply_monolithic,
    "features": reply_features,
    "tagline": reply_tagline,
}


# --------------------------------------------------------------------------- schema check

def schema_errors(value, schema, path=""):
    """A small JSON Schema check (type, properties, required, additionalProperties, items, enum,
    minItems, maxItems), enough to catch author data drifting from the project's schemas."""
    errs = []
    t = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool}
    if t == "integer":
        if not (isinstance(value, int) and not isinstance(value, bool)):
            return ["%s: expected integer" % (path or "/")]
    elif t == "number":
        if not (isinstance(value, (int, float)) and not isinstance(value, bool)):
            return ["%s: expected number" % (path or "/")]
    elif t in types and not isinstance(value, types[t]):
        return ["%s: expected %s" % (path or "/", t)]
    if "enum" in schema and value not in schema["enum"]:
        errs.append("%s: %r not in enum" % (path or "/", value))
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errs.append("%s/%s: required" % (path, key))
        for key, v in value.items():
            if key in props:
                errs += schema_errors(v, props[key], "%s/%s" % (path, key))
            elif schema.get("additionalProperties") is False:
                errs.append("%s/%s: additional property" % (path, key))
    if isinstance(value, list):
        if "minItems" in schema and len(value) < schema["minItems"]:
            errs.append("%s: %d items < minItems %d" % (path or "/", len(value), schema["minItems"]))
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            errs.append("%s: %d items > maxItems %d" % (path or "/", len(value), schema["maxItems"]))
        if "items" in schema:
            for n, v in enumerate(value):
                errs += schema_errors(v, schema["items"], "%s/%d" % (path, n))
    return errs


# --------------------------------------------------------------------------- the reply

def approx_tokens(chars):
    return max(1, int(math.ceil(chars / 4.0)))


def canonical(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def author_reply(body):
    """Returns (content, finish_reason, usage) for a chat/completions request body."""
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        raise AuthorError("'messages' must be a non-empty array")
    stage = detect_stage(messages)
    reply = REPLIES[stage](first_user_text(messages))
    rf = body.get("response_format") or {}
    rf_type = rf.get("type", "text") if isinstance(rf, dict) else "text"
    if isinstance(reply, str):
        if rf_type in ("json_schema", "json_object"):
            raise AuthorError("stage %r replies with text, but the request asks for %s" % (stage, rf_type))
        content = reply
    else:
        if rf_type == "json_schema":
            schema = (rf.get("json_schema") or {}).get("schema")
            if isinstance(schema, dict):
                errs = schema_errors(reply, schema)
                if errs:
                    raise AuthorError("the authored %s reply does not match the request's schema: %s"
                                      % (stage, "; ".join(errs[:5])))
        content = json.dumps(reply, ensure_ascii=False, separators=(",", ":"))
    prompt_chars = sum(len(message_text(m)) for m in messages)
    prompt_tokens = approx_tokens(prompt_chars) + 3 * len(messages) + 3
    if rf_type == "json_schema":
        prompt_tokens += approx_tokens(len(canonical(rf.get("json_schema", {}))))
    completion_tokens = approx_tokens(len(content))
    finish = "stop"
    limit = body.get("max_completion_tokens") or body.get("max_tokens")
    if isinstance(limit, int) and limit > 0 and completion_tokens > limit:
        content = content[: limit * 4]
        completion_tokens = limit
        finish = "length"
    usage = {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
             "total_tokens": prompt_tokens + completion_tokens,
             "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
             "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                           "accepted_prediction_tokens": 0, "rejected_prediction_tokens": 0}}
    return content, finish, usage


def completion(body):
    content, finish, usage = author_reply(body)
    digest = hashlib.sha256(canonical(body).encode("utf-8")).hexdigest()
    return {
        "id": "chatcmpl-author-" + digest[:24],
        "object": "chat.completion",
        "created": CREATED_BASE + int(digest[:6], 16) % 86400,
        "model": body.get("model", "unknown"),
        "choices": [{"index": 0,
                     "message": {"role": "assistant", "content": content, "refusal": None, "annotations": []},
                     "logprobs": None, "finish_reason": finish}],
        "usage": usage,
        "service_tier": "default",
        "system_fingerprint": "fp_author_v1",
    }


def stream_chunks(body):
    full = completion(body)
    content = full["choices"][0]["message"]["content"]
    base = {"id": full["id"], "object": "chat.completion.chunk", "created": full["created"],
            "model": full["model"], "system_fingerprint": full["system_fingerprint"]}
    include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
    chunks = [dict(base, choices=[{"index": 0, "delta": {"role": "assistant", "content": ""},
                                   "logprobs": None, "finish_reason": None}])]
    for i in range(0, len(content), 48):
        chunks.append(dict(base, choices=[{"index": 0, "delta": {"content": content[i:i + 48]},
                                           "logprobs": None, "finish_reason": None}]))
    chunks.append(dict(base, choices=[{"index": 0, "delta": {}, "logprobs": None,
                                       "finish_reason": full["choices"][0]["finish_reason"]}]))
    if include_usage:
        chunks.append(dict(base, choices=[], usage=full["usage"]))
    return chunks


# --------------------------------------------------------------------------- HTTP

class Handler(BaseHTTPRequestHandler):
    server_version = "cascade-author/1"
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        if getattr(self.server, "verbose", True):
            sys.stderr.write("author: %s\n" % (fmt % args))

    def send_json(self, status, obj):
        data = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def error(self, status, message, etype="invalid_request_error"):
        self.send_json(status, {"error": {"message": message, "type": etype, "param": None, "code": None}})

    def do_GET(self):
        if self.path.rstrip("/") in ("/health", ""):
            self.send_json(200, {"status": "ok"})
        elif self.path.rstrip("/") == "/v1/models":
            self.send_json(200, {"object": "list", "data": [
                {"id": m, "object": "model", "created": CREATED_BASE, "owned_by": "author"}
                for m in ("gpt-4.1", "gpt-4.1-mini", "qwen2.5-7b-instruct")]})
        else:
            self.error(404, "no route for GET %s" % self.path)

    def do_POST(self):
        if self.path.rstrip("/") not in ("/v1/chat/completions", "/chat/completions"):
            self.error(404, "no route for POST %s" % self.path)
            return
        try:
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length).decode("utf-8"))
            if not isinstance(body, dict):
                raise AuthorError("the request body must be a JSON object")
            if body.get("stream"):
                chunks = stream_chunks(body)
            else:
                reply = completion(body)
        except json.JSONDecodeError as e:
            self.error(400, "request body is not JSON: %s" % e)
            return
        except AuthorError as e:
            self.error(400, "author server: %s" % e)
            return
        except Exception as e:  # a bug here must not look like a model reply
            self.error(500, "author server bug: %s: %s" % (type(e).__name__, e), "server_error")
            return
        if not body.get("stream"):
            self.send_json(200, reply)
            return
        payload = "".join("data: %s\n\n" % json.dumps(c, ensure_ascii=False) for c in chunks) + "data: [DONE]\n\n"
        data = payload.encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def make_server(port, verbose=True):
    load_data()
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    server.verbose = verbose
    return server


def main(argv):
    if len(argv) != 2 or not argv[1].isdigit():
        sys.stderr.write("usage: author_server.py PORT   (binds 127.0.0.1; 0 picks a free port)\n")
        return 2
    server = make_server(int(argv[1]))
    print("author server listening on http://127.0.0.1:%d/v1" % server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
