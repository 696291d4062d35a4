// The OpenAI-compatible embedder against a fake /v1/embeddings server on 127.0.0.1: batching,
// normalisation, reply order, errors, and the vector cache in the run store.
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "cascade/core/error.h"
#include "cascade/embed/httpembedder.h"
#include "cascade/engine/projectresources.h"
#include "cascade/llm/httpmulti.h"
#include "cascade/store/embeddingcache.h"
#include "cascade/store/runstore.h"
#include "cascade/store/statement.h"
#include "support/fakehttpserver.h"

using namespace cascade;
using namespace cascade::testing;

namespace {

constexpr int kDims = 4;

// A text's raw (unnormalised) vector: its length, then fixed components.
Json raw_vector(const std::string& text) {
    return Json::array({static_cast<double>(text.size()), 1.0, 0.0, 2.0});
}

// Answers every batch with the vectors in reverse order, each labelled with its index.
FakeReply embeddings(const FakeRequest& request) {
    if (request.path != "/v1/embeddings") return FakeReply::text(404, "not found");
    const Json& input = request.json->at("input");
    Json data = Json::array();
    for (std::size_t i = input.size(); i-- > 0;)
        data.push_back({{"object", "embedding"},
                        {"index", i},
                        {"embedding", raw_vector(input[i].get<std::string>())}});
    return FakeReply::json({{"object", "list"}, {"data", data}, {"model", "fake-embed"}});
}

EmbedderConfig remote(const std::string& base_url, int batch_size = 2) {
    EmbedderConfig config;
    config.name = "remote";
    config.provider = "openai";
    config.base_url = base_url;
    config.model = "fake-embed";
    config.dims = kDims;
    config.batch_size = batch_size;
    return config;
}

HttpEmbedder::Cache cache_of(EmbeddingCache& cache) {
    HttpEmbedder::Cache hooks;
    hooks.lookup = [&cache](const std::string& id, const std::string& text, int dims, float* out) {
        return cache.lookup(id, text, dims, out);
    };
    hooks.store = [&cache](const std::string& id, std::span<const std::string> texts, int dims,
                           const float* rows) { cache.store(id, texts, dims, rows); };
    return hooks;
}

void verify_row(const float* row, const std::string& text) {
    const Json raw = raw_vector(text);
    double norm = 0.0;
    for (const auto& value : raw) norm += value.get<double>() * value.get<double>();
    norm = std::sqrt(norm);
    for (int j = 0; j < kDims; ++j) QVERIFY(std::abs(row[j] - raw[j].get<double>() / norm) < 1e-6);
}

RetryPolicy quick_retries(int max_retries) {
    RetryPolicy retry;
    retry.max_retries = max_retries;
    retry.base_delay_s = 0.01;
    retry.max_delay_s = 0.02;
    return retry;
}

}  // namespace

class TestEmbedHttp : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;

private slots:
    void batchesNormalisesAndKeepsInputOrder() {
        FakeHttpServer server(embeddings);
        HttpMulti http;
        HttpEmbedder embedder(remote(server.base_url()), http);
        const std::vector<std::string> texts = {"a", "bb", "ccc", "dddd", "eeeee"};
        std::vector<float> out(texts.size() * kDims);
        RunContext ctx;
        embedder.embed(texts, out.data(), ctx);
        QCOMPARE(server.request_count(), std::size_t(3));  // batches of 2, 2 and 1
        for (const auto& request : server.requests()) {
            QVERIFY(request.json->at("input").size() <= 2);
            QCOMPARE(request.json->at("model").get<std::string>(), std::string("fake-embed"));
            QCOMPARE(request.header("authorization"), std::string());
        }
        for (std::size_t i = 0; i < texts.size(); ++i) verify_row(out.data() + i * kDims, texts[i]);
        // Rows are unit length, so inner products are cosines.
        QVERIFY(std::abs(cosine(out.data(), out.data(), kDims) - 1.0f) < 1e-6);
        QVERIFY(embedder.identity().find("fake-embed") != std::string::npos);
        QVERIFY(embedder.identity().find("dims=4") != std::string::npos);
    }

    void repeatedTextsAreRequestedOnce() {
        FakeHttpServer server(embeddings);
        HttpMulti http;
        HttpEmbedder embedder(remote(server.base_url(), 16), http);
        const std::vector<std::string> texts = {"same", "other", "same"};
        std::vector<float> out(texts.size() * kDims);
        RunContext ctx;
        embedder.embed(texts, out.data(), ctx);
        QCOMPARE(server.requests().at(0).json->at("input"), Json({"same", "other"}));
        verify_row(out.data() + 2 * kDims, "same");
    }

    void secondCallIsServedFromTheStoreCache() {
        FakeHttpServer server(embeddings);
        RunStore store(
            (std::filesystem::path(dir_.path().toStdString()) / "cache.sqlite").string());
        EmbeddingCache cache(store.db());
        HttpMulti http;
        HttpEmbedder embedder(remote(server.base_url()), http, cache_of(cache));
        const std::vector<std::string> texts = {"greek yogurt", "penne", "dish soap"};
        std::vector<float> first(texts.size() * kDims), second(texts.size() * kDims);
        RunContext ctx;
        embedder.embed(texts, first.data(), ctx);
        const auto requests = server.request_count();
        QCOMPARE(requests, std::size_t(2));
        embedder.embed(texts, second.data(), ctx);
        QCOMPARE(server.request_count(), requests);  // no request at all
        QCOMPARE(second, first);

        Statement count(store.db(), "SELECT COUNT(*) FROM embedding_cache WHERE embedder = ?");
        count.bind(1, embedder.identity());
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(3));

        // One new text among cached ones: only it is requested.
        const std::vector<std::string> more = {"penne", "paper towels"};
        std::vector<float> third(more.size() * kDims);
        embedder.embed(more, third.data(), ctx);
        QCOMPARE(server.request_count(), requests + 1);
        QCOMPARE(server.requests().back().json->at("input"), Json({"paper towels"}));

        // Another model is another identity: nothing cached for it.
        EmbedderConfig other = remote(server.base_url());
        other.model = "other-embed";
        HttpEmbedder second_model(other, http, cache_of(cache));
        embedder.embed(texts, first.data(), ctx);
        second_model.embed(texts, first.data(), ctx);
        QCOMPARE(server.request_count(), requests + 3);

        // Offline: hits are served, a miss is an error and never a request.
        HttpEmbedder offline(remote(server.base_url()), http, cache_of(cache), true);
        offline.embed(texts, second.data(), ctx);
        try {
            offline.embed_one("never seen", ctx);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("offline") != std::string::npos);
        }
        QCOMPARE(server.request_count(), requests + 3);
    }

    void apiKeyFromTheEnvironment() {
        FakeHttpServer server(embeddings);
        HttpMulti http;
        EmbedderConfig config = remote(server.base_url());
        config.api_key_env = "CASCADE_TEST_EMBED_KEY";
        HttpEmbedder embedder(config, http);
        RunContext ctx;
        ::unsetenv("CASCADE_TEST_EMBED_KEY");
        try {
            embedder.embed_one("x", ctx);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("CASCADE_TEST_EMBED_KEY") != std::string::npos);
        }
        QCOMPARE(server.request_count(), std::size_t(0));
        ::setenv("CASCADE_TEST_EMBED_KEY", "sk-test", 1);
        embedder.embed_one("x", ctx);
        ::unsetenv("CASCADE_TEST_EMBED_KEY");
        QCOMPARE(server.requests().at(0).header("authorization"), std::string("Bearer sk-test"));
    }

    void errorsAreReadable() {
        FakeHttpServer server(embeddings);
        HttpMulti http;
        EmbedderConfig wrong = remote(server.base_url());
        wrong.dims = 8;
        HttpEmbedder mismatched(wrong, http);
        RunContext ctx;
        try {
            mismatched.embed_one("x", ctx);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("\"dims\": 4") != std::string::npos, e.what());
        }

        server.set_handler([](const FakeRequest&) { return FakeReply::text(503, "overloaded"); });
        HttpEmbedder failing(remote(server.base_url()), http, {}, false, quick_retries(1));
        const auto before = server.request_count();
        try {
            failing.embed_one("x", ctx);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("HTTP 503") != std::string::npos, e.what());
        }
        QCOMPARE(server.request_count(), before + 2);  // retried once

        QVERIFY_THROWS_EXCEPTION(Error,
                                 HttpEmbedder::parse_reply(R"({"data": []})", 1, kDims, nullptr));
    }

    void projectResourcesWireTheRemoteEmbedder() {
        FakeHttpServer server(embeddings);
        const auto path = std::filesystem::path(dir_.path().toStdString()) / "resources.sqlite";
        RunStore store(path.string());
        Project project;
        project.embedders["remote"] = remote(server.base_url());
        RunContext ctx;
        ProjectResources resources(project, ctx);
        resources.set_store(&store);
        Embedder& embedder = resources.embedder("remote");
        QCOMPARE(&resources.embedder("remote"), &embedder);
        embedder.embed_one("bbq sauce", ctx);
        embedder.embed_one("bbq sauce", ctx);
        QCOMPARE(server.request_count(), std::size_t(1));
        Statement count(store.db(), "SELECT COUNT(*) FROM embedding_cache");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), std::int64_t(1));
    }
};

QTEST_APPLESS_MAIN(TestEmbedHttp)
#include "test_embed_http.moc"
