#include "cascade/embed/httpembedder.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/core/json.h"
#include "cascade/llm/httpmulti.h"

namespace cascade {

HttpEmbedder::HttpEmbedder(EmbedderConfig config, HttpMulti& http, Cache cache, bool offline,
                           RetryPolicy retry)
    : config_(std::move(config)),
      http_(http),
      cache_(std::move(cache)),
      offline_(offline),
      retry_(retry) {
    std::string base = config_.base_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    url_ = base + "/embeddings";
}

std::string HttpEmbedder::identity() const {
    return "openai-embeddings/v1/" + url_ + "/" + config_.model +
           "/dims=" + std::to_string(config_.dims);
}

HttpRequest HttpEmbedder::make_request(std::span<const std::string> batch,
                                       const std::string& key) const {
    HttpRequest request;
    request.url = url_;
    request.timeout_s = config_.timeout_s;
    request.headers.push_back({"Content-Type", "application/json"});
    if (!key.empty()) request.headers.push_back({"Authorization", "Bearer " + key});
    Json input = Json::array();
    for (const auto& text : batch) input.push_back(text);
    request.body = Json{{"model", config_.model}, {"input", std::move(input)}}.dump();
    return request;
}

void HttpEmbedder::parse_reply(const std::string& body, std::size_t count, int dims, float* out) {
    const Json reply = parse_json(body, "embeddings reply");
    const Json* data = find_pointer(reply, "/data");
    if (!data || !data->is_array() || data->size() != count)
        throw Error("the embeddings reply has " +
                    std::to_string(data && data->is_array() ? data->size() : 0) + " vectors for " +
                    std::to_string(count) + " texts");
    std::vector<bool> seen(count, false);
    for (std::size_t k = 0; k < count; ++k) {
        const Json& entry = (*data)[k];
        const Json* vector = find_pointer(entry, "/embedding");
        // Servers may answer out of order; "index" says which input a vector belongs to.
        const auto index = entry.is_object() ? entry.value("index", static_cast<long long>(k))
                                             : static_cast<long long>(k);
        if (index < 0 || static_cast<std::size_t>(index) >= count || seen[index] || !vector ||
            !vector->is_array())
            throw Error("the embeddings reply has a malformed entry at data/" + std::to_string(k));
        if (vector->size() != static_cast<std::size_t>(dims))
            throw Error("the server returned " + std::to_string(vector->size()) +
                        "-dimensional vectors, but dims is " + std::to_string(dims) +
                        " (set \"dims\": " + std::to_string(vector->size()) + ")");
        seen[index] = true;
        float* row = out + static_cast<std::size_t>(index) * static_cast<std::size_t>(dims);
        double norm = 0.0;
        for (int j = 0; j < dims; ++j) {
            row[j] = (*vector)[static_cast<std::size_t>(j)].get<float>();
            norm += static_cast<double>(row[j]) * row[j];
        }
        if (norm > 0.0) {
            const auto scale = static_cast<float>(1.0 / std::sqrt(norm));
            for (int j = 0; j < dims; ++j) row[j] *= scale;
        }
    }
}

void HttpEmbedder::embed(std::span<const std::string> texts, float* out, RunContext& ctx) {
    const int d = dims();
    const std::string id = identity();
    // Cache hits are copied straight out; the rest are requested once per distinct text.
    std::unordered_map<std::string_view, std::size_t> slot_of;
    std::vector<std::string> missing;
    std::vector<std::vector<std::size_t>> rows_of;
    for (std::size_t i = 0; i < texts.size(); ++i) {
        if (cache_.lookup && cache_.lookup(id, texts[i], d, out + i * d)) continue;
        const auto [it, added] = slot_of.emplace(texts[i], missing.size());
        if (added) {
            missing.push_back(texts[i]);
            rows_of.emplace_back();
        }
        rows_of[it->second].push_back(i);
    }
    if (missing.empty()) return;
    if (offline_)
        throw Error(name() + ": " + std::to_string(missing.size()) +
                    " texts are not in the embedding cache, and an offline run sends no requests");
    std::string key;
    if (!config_.api_key_env.empty()) {
        const char* value = std::getenv(config_.api_key_env.c_str());
        if (!value || !*value)
            throw Error("no API key for " + name() + ": set " + config_.api_key_env);
        key = value;
    }

    std::vector<float> fetched(missing.size() * d);
    std::string failure;
    const auto batch_size = static_cast<std::size_t>(std::max(1, config_.batch_size));
    for (std::size_t start = 0; start < missing.size(); start += batch_size) {
        const std::size_t count = std::min(batch_size, missing.size() - start);
        const std::span<const std::string> batch(missing.data() + start, count);
        http_.submit("embed:" + config_.name, config_.max_concurrency, make_request(batch, key),
                     retry_, [&, batch, start, count](HttpResponse response) {
                         if (response.cancelled || !failure.empty()) return;
                         if (response.status < 200 || response.status >= 300) {
                             failure = response.status == 0
                                           ? (response.timed_out ? std::string("timed out")
                                                                 : response.transport_error)
                                           : "HTTP " + std::to_string(response.status) + ": " +
                                                 response.body.substr(0, 300);
                             return;
                         }
                         float* rows = fetched.data() + start * d;
                         try {
                             parse_reply(response.body, count, d, rows);
                         } catch (const Error& e) {
                             failure = e.what();
                             return;
                         }
                         // Stored per batch, so a failure later on keeps what was paid for.
                         if (cache_.store) cache_.store(id, batch, d, rows);
                     });
    }
    http_.run(ctx);
    ctx.throw_if_cancelled();
    if (!failure.empty()) throw Error(name() + " (" + url_ + "): " + failure);
    for (std::size_t k = 0; k < missing.size(); ++k)
        for (const std::size_t i : rows_of[k]) std::copy_n(fetched.data() + k * d, d, out + i * d);
}

}  // namespace cascade
