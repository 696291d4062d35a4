#include "widgets/syntheticrun.h"

#include <vector>

#include "cascade/store/runstore.h"
#include "support/testproject.h"

using cascade::Item;
using cascade::ItemStatus;
using cascade::Json;

namespace synthetic {

namespace {

Item make(const std::string& stage, const std::string& key, const std::string& parent_stage,
          const std::string& parent_key, Json data, ItemStatus status = ItemStatus::Kept,
          const std::string& reason = {}, Json scores = Json::object()) {
    Item item;
    item.stage = stage;
    item.key = key;
    item.parent_stage = parent_stage;
    item.parent_key = parent_key;
    item.input_id = key.substr(0, key.find('/'));
    item.status = status;
    item.reason = reason;
    item.scores = std::move(scores);
    item.data = std::move(data);
    return item;
}

std::int64_t add_call(cascade::RunStore& store, std::int64_t run, const std::string& stage,
                      const std::string& key, const std::string& prompt, const std::string& reply,
                      bool cached) {
    cascade::CallRecord call;
    call.run_id = run;
    call.stage = stage;
    call.item_key = key;
    call.model = stage == "judge" ? "frontier" : "student";
    call.request = Json{
        {"model", "gpt-4.1"},
        {"messages", Json::array({Json{{"role", "system"}, {"content", "You help a grocery site."}},
                                  Json{{"role", "user"}, {"content", prompt}}})}};
    call.response =
        Json{{"choices", Json::array({Json{{"message", Json{{"content", reply}}}}})}}.dump();
    call.text = reply;
    call.ok = true;
    call.http_status = 200;
    call.attempts = 1;
    call.cache_hit = cached;
    call.tokens_in = 420;
    call.tokens_out = 37;
    call.cost = cached ? 0.0 : 0.00114;
    call.saved_cost = cached ? 0.00114 : 0.0;
    call.latency_ms = cached ? 0.4 : 812;
    return store.add_call(call);
}

}  // namespace

void write_project(const std::filesystem::path& dir) {
    cascade::testing::write_two_stage_project(dir, "http://127.0.0.1:9/v1", 2);
}

std::int64_t write_small_run(const std::string& store_path) {
    cascade::RunStore store(store_path);
    const auto run = store.create_run("Synthetic", "", Json::object(), Json::object());
    const std::vector<std::string> stages = {"input", "themes", "candidates", "keywords", "judge"};
    for (size_t i = 0; i < stages.size(); ++i)
        store.begin_stage(run, stages[i], static_cast<int>(i), i == 4 ? "judge" : "generate", "fp");
    const std::vector<std::string> titles = {"Weeknight flavor builders", "Peanut-free lunchbox",
                                             "Cozy soup season", "Game day snacks"};
    int title = 0;
    for (const std::string user : {"u1", "u2"}) {
        store.add_item(
            run, make("input", user, "", "", Json{{"user_id", user}, {"name", "Maya " + user}}));
        for (int t = 0; t < 2; ++t) {
            const std::string theme = user + "/themes/" + std::to_string(t);
            const std::string name = titles[static_cast<size_t>(title++)];
            Item item = make("themes", theme, "input", user,
                             Json{{"title", name}, {"intent", "quick dinners"}});
            item.call_id = add_call(store, run, "themes", theme, "Themes for " + user,
                                    R"({"themes":[]})", false);
            store.add_item(run, item);
            const std::string cands = theme + "/candidates";
            store.add_item(
                run,
                make("candidates", cands, "themes", theme,
                     Json{{"title", name},
                          {"candidates",
                           Json::array({Json{{"text", "gochujang"}, {"similarity", 0.81}},
                                        Json{{"text", "sesame oil"}, {"similarity", 0.77}}})}}));
            const std::string kw = cands + "/keywords/0";
            Item keywords =
                make("keywords", kw, "candidates", cands,
                     Json{{"title", name}, {"keywords", Json::array({"gochujang", "sesame oil"})}});
            keywords.call_id = add_call(store, run, "keywords", kw, "Pick keywords for " + name,
                                        R"({"keywords":["gochujang","sesame oil"]})", true);
            store.add_item(run, keywords);
            Item judged = keywords;
            judged.stage = "judge";
            judged.parent_stage = "keywords";
            judged.parent_key = kw;
            judged.call_id =
                add_call(store, run, "judge", kw, "Judge " + name, R"({"score":4})", false);
            judged.scores = Json{{"score", 4}, {"min_score", 3}};
            if (user == "u1" && t == 0) {
                judged.status = ItemStatus::Filtered;
                judged.scores["score"] = 2;
                judged.reason = "judge score 2 < 3: too generic for a family with a peanut allergy";
            } else if (user == "u2" && t == 0) {
                judged.status = ItemStatus::Filtered;
                judged.scores["score"] = 1;
                judged.reason = "judge score 1 < 3: soup in early September misses the season";
            } else if (user == "u2" && t == 1) {
                judged.status = ItemStatus::Error;
                judged.scores = Json::object();
                judged.reason = "offline cache miss for model frontier";
                judged.call_id.reset();
            }
            store.add_item(run, judged);
        }
    }
    for (const auto& stage : stages) store.finish_stage(run, stage, "finished", {}, Json::array());
    store.finish_run(run, "finished", "");
    store.commit();
    return run;
}

std::int64_t write_big_run(const std::string& store_path, int items) {
    static const std::vector<std::string> words = {
        "gochujang", "sesame",  "weeknight", "noodles", "lunchbox", "peanut-free", "soup",
        "crunchy",   "harvest", "apple",     "pantry",  "spice",    "grill",       "salad"};
    cascade::RunStore store(store_path);
    const auto run = store.create_run("Synthetic", "", Json::object(), Json::object());
    store.begin_stage(run, "keywords", 0, "judge", "fp");
    for (int i = 0; i < items; ++i) {
        const auto& a = words[static_cast<size_t>(i) % words.size()];
        const auto& b = words[static_cast<size_t>(i / 7) % words.size()];
        const std::string key = "u" + std::to_string(i / 40) + "/themes/" +
                                std::to_string(i / 8 % 5) + "/keywords/" + std::to_string(i % 8);
        Json data{{"title", a + " and " + b + " ideas #" + std::to_string(i)},
                  {"keywords", Json::array({a, b, a + " " + b, "family " + b})},
                  {"intent", "help a busy household cook " + a + " dishes"}};
        const int score = 1 + (i * 7919) % 5;
        ItemStatus status = ItemStatus::Kept;
        std::string reason;
        if (i % 20 == 0) {
            status = ItemStatus::Error;
            reason = "schema validation failed: /keywords: expected at least 3 items";
        } else if (score < 3 && i % 3 != 0) {
            status = ItemStatus::Filtered;
            reason = "judge score " + std::to_string(score) + " < 3: the " + a +
                     " theme does not match this shopper's stated cooking style";
        }
        store.add_item(
            run, make("keywords", key, "candidates", key.substr(0, key.rfind("/keywords")),
                      std::move(data), status, reason, Json{{"score", score}, {"min_score", 3}}));
        store.maybe_commit();
    }
    store.finish_stage(run, "keywords", "finished", {}, Json::array());
    store.finish_run(run, "finished", "");
    store.commit();
    return run;
}

}  // namespace synthetic
