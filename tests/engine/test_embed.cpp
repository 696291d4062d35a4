#include <QtTest>

#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "cascade/core/error.h"
#include "cascade/core/hash.h"
#include "cascade/embed/hashingembedder.h"

using namespace cascade;

namespace {

std::vector<float> embed(HashingEmbedder& embedder, const std::string& text) {
    RunContext ctx;
    return embedder.embed_one(text, ctx);
}

double norm(const std::vector<float>& v) {
    double sum = 0.0;
    for (float x : v) sum += static_cast<double>(x) * x;
    return std::sqrt(sum);
}

float similarity(HashingEmbedder& embedder, const std::string& a, const std::string& b) {
    const auto va = embed(embedder, a), vb = embed(embedder, b);
    return cosine(va.data(), vb.data(), embedder.dims());
}

}  // namespace

class TestEmbed : public QObject {
    Q_OBJECT

private slots:
    void identityNamesAlgorithmAndDims() {
        const HashingEmbedder a(256), b(128);
        QVERIFY(a.identity().find("hashing/v1") == 0);
        QVERIFY(a.identity().find("dims=256") != std::string::npos);
        QVERIFY(a.identity() != b.identity());
        QCOMPARE(a.dims(), 256);
    }

    void rejectsBadDims() { QVERIFY_THROWS_EXCEPTION(Error, HashingEmbedder(0)); }

    void deterministic() {
        HashingEmbedder first(256), second(256);
        const auto a = embed(first, "organic greek yogurt 32 oz");
        const auto b = embed(second, "organic greek yogurt 32 oz");
        QCOMPARE(std::memcmp(a.data(), b.data(), a.size() * sizeof(float)), 0);
    }

    // Pins the exact output, so vectors (and saved indexes keyed by identity()) stay valid
    // across runs, machines and refactorings. A deliberate change must bump kVersion.
    void stableAcrossBuilds() {
        HashingEmbedder embedder(64);
        const auto v = embed(embedder, "Organic Greek Yogurt, 32 oz");
        const std::string bytes(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(float));
        QCOMPARE(QString::fromStdString(sha256_hex(bytes)),
                 QString("3a84a911b6bf60c67a864ddab906e40e04d79a27d961315331b33baf26c82317"));
    }

    void normalised() {
        HashingEmbedder embedder(256);
        for (const char* text :
             {"a", "milk", "organic greek yogurt", "café crème brûlée 2% 12 pack",
              "a much longer search phrase with many different words in it"})
            QVERIFY2(std::abs(norm(embed(embedder, text)) - 1.0) < 1e-5, text);
    }

    void emptyTextIsZero() {
        HashingEmbedder embedder(64);
        for (const char* text : {"", "   ", "!!! ---"}) QCOMPARE(norm(embed(embedder, text)), 0.0);
    }

    void ignoresCaseAndPunctuation() {
        HashingEmbedder embedder(128);
        QCOMPARE(embed(embedder, "Organic  Greek-Yogurt!"),
                 embed(embedder, "organic greek yogurt"));
        QCOMPARE(embed(embedder, "kid's snacks"), embed(embedder, "kids snacks"));
    }

    void similarScoresHigherThanUnrelated() {
        HashingEmbedder embedder(256);
        const float close =
            similarity(embedder, "organic greek yogurt", "greek yogurt organic 32 oz");
        const float unrelated = similarity(embedder, "organic greek yogurt", "paper towels");
        QVERIFY2(close > 0.5f, qPrintable(QString::number(close)));
        QVERIFY2(close > unrelated + 0.4f,
                 qPrintable(QString("%1 vs %2").arg(close).arg(unrelated)));
        QVERIFY(similarity(embedder, "gluten free penne", "gluten free penne pasta 16 oz") >
                similarity(embedder, "gluten free penne", "paper towels"));
        QVERIFY(std::abs(similarity(embedder, "paper towels", "paper towels") - 1.0f) < 1e-5f);
    }

    void batchMatchesSingleAndParallel() {
        HashingEmbedder embedder(96);
        std::vector<std::string> texts;
        for (int i = 0; i < 1000; ++i) texts.push_back("term number " + std::to_string(i * 7919));
        RunContext ctx;
        std::vector<float> batch(texts.size() * 96), parallel(texts.size() * 96), one(96);
        embedder.embed(texts, batch.data(), ctx);
        embedder.embed_parallel(texts, parallel.data(), 3, ctx);
        QCOMPARE(batch, parallel);
        embedder.embed_text(texts[517], one.data());
        QCOMPARE(std::memcmp(one.data(), batch.data() + 517 * 96, 96 * sizeof(float)), 0);
    }

    void cancelled() {
        HashingEmbedder embedder(32);
        const std::vector<std::string> texts(10, "milk");
        std::vector<float> out(texts.size() * 32);
        RunContext ctx;
        ctx.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, embedder.embed(texts, out.data(), ctx));
        QVERIFY_THROWS_EXCEPTION(Cancelled, embedder.embed_parallel(texts, out.data(), 2, ctx));
    }
};

QTEST_APPLESS_MAIN(TestEmbed)
#include "test_embed.moc"
