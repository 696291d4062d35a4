#include <QTemporaryDir>
#include <QtTest>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <unordered_set>

#include "cascade/core/error.h"
#include "cascade/embed/hashingembedder.h"
#include "cascade/index/corpusindex.h"
#include "cascade/index/corpusloader.h"
#include "cascade/index/corpusrecipe.h"
#include "cascade/index/indexmanifest.h"

using namespace cascade;
namespace fs = std::filesystem;

namespace {

const std::string kRecipe =
    std::string(CASCADE_PROJECTS_DIR) + "/shopping-hub/data/keywords.recipe.json";

void write_file(const std::string& path, const std::string& text) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string joined(const std::vector<std::string>& notes) {
    std::string all;
    for (const auto& note : notes) all += note + "\n";
    return all;
}

// The Shopping Hub recipe cut down to `target` terms: realistic, and quick to build.
Corpus shopping_corpus(std::size_t target) {
    Json json = parse_json(read_file(kRecipe), kRecipe);
    json["target"] = target;
    RunContext ctx;
    return CorpusRecipe::parse(json, kRecipe).generate(ctx);
}

std::vector<std::uint32_t> terms_of(const std::vector<SearchHit>& hits) {
    std::vector<std::uint32_t> terms;
    for (const auto& hit : hits) terms.push_back(hit.term);
    return terms;
}

std::size_t manifests_in(const std::string& dir) {
    std::size_t count = 0;
    for (const auto& entry : fs::directory_iterator(dir))
        count += entry.path().extension() == ".hnsw";
    return count;
}

IndexParams small_params() {
    IndexParams params;
    params.M = 8;
    params.ef_construction = 40;
    return params;
}

}  // namespace

class TestIndex : public QObject {
    Q_OBJECT

private slots:
    void loaderTsvReportsEmptyLinesAndDuplicates() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("terms.tsv").toStdString();
        write_file(path,
                   "# term\tdepartment\n"
                   "greek yogurt\tdairy\n"
                   "\n"
                   "  Paper Towels \thousehold\n"
                   "Greek Yogurt\tdairy\n"
                   "   \n"
                   "\tno term\n"
                   "greek yogurt \n"
                   "penne\r\n");
        const Corpus corpus = CorpusLoader::load(path);
        QCOMPARE(corpus.terms, (std::vector<std::string>{"greek yogurt", "Paper Towels", "penne"}));
        QCOMPARE(corpus.metadata.size(), std::size_t(3));
        QCOMPARE(corpus.metadata[1].value("department", ""), std::string("household"));
        QVERIFY(corpus.metadata[2].is_null());
        const std::string notes = joined(corpus.notes);
        QVERIFY2(contains(notes, "2 empty lines skipped"), notes.c_str());
        QVERIFY2(contains(notes, "1 line with an empty term skipped"), notes.c_str());
        QVERIFY2(contains(notes, "2 duplicate terms removed"), notes.c_str());
        QVERIFY2(contains(notes, "'Greek Yogurt' (line 5, first on line 2)"), notes.c_str());
    }

    void loaderTsvWithoutHeader() {
        const Corpus corpus = CorpusLoader::parse_tsv("milk\tdairy\t1.99\nbread\n", "inline");
        QCOMPARE(corpus.terms, (std::vector<std::string>{"milk", "bread"}));
        QCOMPARE(corpus.metadata[0].value("col2", ""), std::string("dairy"));
        QCOMPARE(corpus.metadata[0].value("col3", ""), std::string("1.99"));
        QVERIFY(corpus.notes.empty());
        const Corpus named = CorpusLoader::parse_tsv("term\taisle\nmilk\t4\n", "inline");
        QCOMPARE(named.terms, std::vector<std::string>{"milk"});
        QCOMPARE(named.metadata[0].value("aisle", ""), std::string("4"));
    }

    void loaderJsonl() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("terms.jsonl").toStdString();
        write_file(path,
                   "{\"term\": \"oat milk\", \"department\": \"dairy\"}\n"
                   "not json\n"
                   "{\"name\": \"no term\"}\n"
                   "\n"
                   "{\"term\": \"OAT MILK\"}\n"
                   "{\"term\": \"rye bread\"}\n");
        const Corpus corpus = CorpusLoader::load(path);
        QCOMPARE(corpus.terms, (std::vector<std::string>{"oat milk", "rye bread"}));
        QCOMPARE(corpus.metadata[0].value("department", ""), std::string("dairy"));
        const std::string notes = joined(corpus.notes);
        QVERIFY2(contains(notes, "terms.jsonl:2") && contains(notes, "invalid JSON"),
                 notes.c_str());
        QVERIFY2(contains(notes, "terms.jsonl:3: no string \"term\""), notes.c_str());
        QVERIFY2(contains(notes, "1 duplicate term removed"), notes.c_str());
    }

    void loaderMissingFileNamesPath() {
        try {
            CorpusLoader::load("/nonexistent/keywords.tsv");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(contains(e.what(), "/nonexistent/keywords.tsv"), e.what());
        }
    }

    void recipeIsDeterministic() {
        const Json json = parse_json(R"({
            "format": "cascade-corpus-recipe/1", "seed": 3, "target": 200,
            "lists": {"size": ["8 oz", "16 oz", "32 oz"]},
            "groups": [{"name": "dairy", "meta": {"department": "dairy"},
                        "lists": {"attr": ["organic", "frozen", "low fat"],
                                  "product": ["yogurt", "frozen yogurt", "milk", "kefir", "cream"]},
                        "patterns": [{"parts": ["?attr", "product", "?size"], "weight": 3},
                                     {"parts": ["product"]}]}]})",
                                     "inline");
        RunContext ctx;
        const Corpus a = CorpusRecipe::parse(json, "inline").generate(ctx);
        const Corpus b = CorpusRecipe::parse(json, "inline").generate(ctx);
        QCOMPARE(a.terms, b.terms);
        // (3 attrs or none) x 5 products x (3 sizes or none), less "frozen frozen yogurt ..." and
        // "frozen" + "yogurt ...", which spells "frozen yogurt ..." again.
        QCOMPARE(a.terms.size(), std::size_t(4 * 5 * 4 - 4 - 4));
        QCOMPARE(std::unordered_set<std::string>(a.terms.begin(), a.terms.end()).size(), a.size());
        for (const auto& term : a.terms) QVERIFY2(!contains(term, "frozen frozen"), term.c_str());
        QCOMPARE(a.metadata[0].value("department", ""), std::string("dairy"));

        Json other = json;
        other["seed"] = 4;
        other["target"] = 20;
        const Corpus c = CorpusRecipe::parse(other, "inline").generate(ctx);
        QCOMPARE(c.size(), std::size_t(20));
        QVERIFY(std::vector<std::string>(a.terms.begin(), a.terms.begin() + 20) != c.terms);
        QVERIFY(a.notes.size() == 1 && contains(a.notes[0], "short of its target of 200"));
    }

    void recipeErrorsNameThePlace() {
        const Json json = parse_json(R"({"format": "cascade-corpus-recipe/1", "target": 5,
            "groups": [{"lists": {"product": ["milk"]}, "patterns": [{"parts": ["?flavour", "product"]}]}]})",
                                     "inline");
        try {
            CorpusRecipe::parse(json, "recipe.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(contains(e.what(), "recipe.json/groups/0/patterns/0") &&
                         contains(e.what(), "flavour"),
                     e.what());
        }
        QVERIFY_THROWS_EXCEPTION(Error, CorpusRecipe::load("/nonexistent/recipe.json"));
    }

    void shoppingHubRecipeMakes300kTerms() {
        RunContext ctx;
        const Corpus corpus = CorpusRecipe::load(kRecipe).generate(ctx);
        QCOMPARE(corpus.size(), std::size_t(300000));
        QVERIFY2(corpus.notes.empty(), joined(corpus.notes).c_str());
        std::unordered_set<std::string> departments, unique;
        for (std::size_t i = 0; i < corpus.size(); ++i) {
            departments.insert(corpus.metadata[i].value("department", ""));
            unique.insert(corpus.terms[i]);
        }
        QCOMPARE(unique.size(), corpus.size());
        QVERIFY(departments.size() >= 11);
        QVERIFY(unique.count("greek yogurt") && unique.count("gluten free penne"));
    }

    void ensureCorpusFileGeneratesWhenMissingOrStale() {
        QTemporaryDir dir;
        const std::string recipe = dir.filePath("r.json").toStdString();
        const std::string tsv = dir.filePath("data/terms.tsv").toStdString();
        write_file(recipe, R"({"format": "cascade-corpus-recipe/1", "seed": 1, "target": 10,
            "groups": [{"lists": {"a": ["red", "green", "blue"], "p": ["apples", "grapes", "pears"]},
                        "patterns": [{"parts": ["?a", "p"]}]}]})");
        RunContext ctx;
        QVERIFY(ensure_corpus_file(recipe, tsv, ctx));
        QCOMPARE(CorpusLoader::load(tsv).size(), std::size_t(10));
        QVERIFY(!ensure_corpus_file(recipe, tsv, ctx));
        fs::last_write_time(recipe, fs::last_write_time(tsv) + std::chrono::seconds(5));
        QVERIFY(ensure_corpus_file(recipe, tsv, ctx));
        QVERIFY_THROWS_EXCEPTION(Error, ensure_corpus_file(recipe + ".missing", tsv, ctx));
    }

    void saveLoadReuse() {
        QTemporaryDir dir;
        const Corpus corpus = shopping_corpus(3000);
        HashingEmbedder embedder(64);
        RunContext ctx;
        std::vector<std::string> messages;
        const auto progress = [&](double, const std::string& m) { messages.push_back(m); };
        const auto built = CorpusIndex::open_or_build(
            corpus, embedder, small_params(), dir.path().toStdString(), "keywords", ctx, progress);
        QVERIFY(built.status().built);
        QCOMPARE(built.status().reason, IndexReason::Missing);
        QVERIFY(fs::exists(built.status().path));
        QVERIFY(contains(built.status().path, "keywords-" + built.key().substr(0, 16) + ".hnsw"));
        QVERIFY(built.status().bytes_on_disk > 3000u * 64 * 4);
        QVERIFY(!messages.empty());

        const auto loaded = CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                                       dir.path().toStdString(), "keywords", ctx);
        QVERIFY2(!loaded.status().built, loaded.status().message.c_str());
        QCOMPARE(loaded.status().reason, IndexReason::None);
        QCOMPARE(loaded.size(), corpus.size());
        for (std::size_t t : {0, 1499, 1500, 2999}) {
            QCOMPARE(std::memcmp(loaded.vector(t), built.vector(t), 64 * sizeof(float)), 0);
            QCOMPARE(loaded.search(loaded.vector(t), 10), built.search(built.vector(t), 10));
        }

        IndexParams other_ef = small_params();
        other_ef.ef_search = 300;  // chosen per query: no rebuild
        QVERIFY(!CorpusIndex::open_or_build(corpus, embedder, other_ef, dir.path().toStdString(),
                                            "keywords", ctx)
                     .status()
                     .built);
    }

    void rebuildsOnCorpusOrParamsChange() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString();
        Corpus corpus = shopping_corpus(2000);
        HashingEmbedder embedder(64);
        RunContext ctx;
        CorpusIndex::open_or_build(corpus, embedder, small_params(), path, "keywords", ctx);

        corpus.terms.pop_back();
        auto changed =
            CorpusIndex::open_or_build(corpus, embedder, small_params(), path, "keywords", ctx);
        QCOMPARE(changed.status().reason, IndexReason::CorpusChanged);
        QVERIFY2(contains(changed.status().message, "corpus changed: 1999 terms now, 2000"),
                 changed.status().message.c_str());
        QCOMPARE(manifests_in(path), std::size_t(1));  // the stale index was removed

        IndexParams params = small_params();
        params.M = 10;
        auto retuned = CorpusIndex::open_or_build(corpus, embedder, params, path, "keywords", ctx);
        QCOMPARE(retuned.status().reason, IndexReason::ParamsChanged);
        QVERIFY2(
            contains(retuned.status().message, "M=8") && contains(retuned.status().message, "M=10"),
            retuned.status().message.c_str());
    }

    void rebuildsOnDimsMismatch() {
        QTemporaryDir dir;
        const Corpus corpus = shopping_corpus(1000);
        HashingEmbedder wide(64), narrow(32);
        RunContext ctx;
        CorpusIndex::open_or_build(corpus, wide, small_params(), dir.path().toStdString(), "kw",
                                   ctx);
        std::string progress_text;
        auto index = CorpusIndex::open_or_build(
            corpus, narrow, small_params(), dir.path().toStdString(), "kw", ctx,
            [&](double, const std::string& m) { progress_text += m; });
        QCOMPARE(index.status().reason, IndexReason::DimsMismatch);
        QVERIFY2(contains(index.status().message,
                          "dims mismatch: the saved index holds 64-dim vectors, "
                          "the embedder makes 32"),
                 index.status().message.c_str());
        QVERIFY(contains(progress_text, "dims mismatch"));
        QCOMPARE(index.dims(), 32);
    }

    void rebuildsCorruptFiles_data() {
        QTest::addColumn<QString>("damage");
        QTest::newRow("truncated shard") << "truncate";
        QTest::newRow("flipped bytes") << "flip";
        QTest::newRow("garbage shard with matching manifest") << "garbage";
        QTest::newRow("garbage manifest") << "manifest";
        QTest::newRow("missing shard") << "remove";
        QTest::newRow("shard outside the folder") << "escape";
    }

    void rebuildsCorruptFiles() {
        QFETCH(QString, damage);
        QTemporaryDir dir;
        const Corpus corpus = shopping_corpus(1500);
        HashingEmbedder embedder(32);
        RunContext ctx;
        const auto original = CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                                         dir.path().toStdString(), "kw", ctx);
        const std::string manifest_path = original.status().path;
        IndexManifest manifest = IndexManifest::read(manifest_path);
        const std::string shard =
            dir.filePath(QString::fromStdString(manifest.shards[1].file)).toStdString();
        std::string bytes = read_file(shard);

        if (damage == "truncate") {
            fs::resize_file(shard, bytes.size() / 2);
        } else if (damage == "flip") {
            for (std::size_t i = 100; i < 400; ++i) bytes[i] = static_cast<char>(~bytes[i]);
            write_file(shard, bytes);
        } else if (damage == "garbage") {
            // The checksum and size agree, so only the header and layout checks stand between
            // these bytes and hnswlib.
            for (std::size_t i = 0; i < bytes.size(); ++i)
                bytes[i] = static_cast<char>(i * 131 + 7);
            write_file(shard, bytes);
            manifest.shards[1].checksum = file_checksum(shard);
            manifest.write(manifest_path);
        } else if (damage == "manifest") {
            write_file(manifest_path, "{\"format\": \"cascade-index/1\", \"key\": 42");
        } else if (damage == "remove") {
            fs::remove(shard);
        } else if (damage == "escape") {
            manifest.shards[1].file = "../" + manifest.shards[1].file;
            manifest.write(manifest_path);
        }

        const auto rebuilt = CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                                        dir.path().toStdString(), "kw", ctx);
        QCOMPARE(rebuilt.status().reason, IndexReason::Corrupt);
        QVERIFY2(contains(rebuilt.status().message, "corrupt"), rebuilt.status().message.c_str());
        QCOMPARE(rebuilt.search(original.vector(7), 5), original.search(original.vector(7), 5));
        QVERIFY(!CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                            dir.path().toStdString(), "kw", ctx)
                     .status()
                     .built);
    }

    void buildsAreDeterministic() {
        const Corpus corpus = shopping_corpus(5000);
        HashingEmbedder embedder(64);
        RunContext ctx;
        QTemporaryDir first, second;
        const auto a = CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                                  first.path().toStdString(), "kw", ctx);
        const auto b = CorpusIndex::open_or_build(corpus, embedder, small_params(),
                                                  second.path().toStdString(), "kw", ctx);
        // Same graphs byte for byte, hence the same hits for every query.
        const auto ma = IndexManifest::read(a.status().path),
                   mb = IndexManifest::read(b.status().path);
        for (std::size_t s = 0; s < ma.shards.size(); ++s)
            QCOMPARE(ma.shards[s].checksum, mb.shards[s].checksum);
        std::vector<float> query(64);
        for (std::size_t t = 0; t < corpus.size(); t += 97) {
            embedder.embed_text(corpus.terms[t] + " family size", query.data());
            QCOMPARE(a.search(query.data(), 50, 64), b.search(query.data(), 50, 64));
        }
    }

    void searchOrderAndEdgeCases() {
        const Corpus corpus = shopping_corpus(2000);
        HashingEmbedder embedder(64);
        RunContext ctx;
        const auto index = CorpusIndex::build(corpus, embedder, small_params(), ctx);
        const auto hits = index.search(index.vector(123), 20, 5);  // ef below k is raised to k
        QCOMPARE(hits.size(), std::size_t(20));
        QCOMPARE(hits[0].term, 123u);
        QVERIFY(std::abs(hits[0].similarity - 1.0f) < 1e-5f);
        QVERIFY(std::is_sorted(hits.begin(), hits.end(), ranks_before));
        const auto exact = index.exact_search(index.vector(123), 20);
        QVERIFY(std::is_sorted(exact.begin(), exact.end(), ranks_before));
        QCOMPARE(exact[0], hits[0]);
        QVERIFY(index.search(index.vector(0), 0).empty());
        QCOMPARE(index.exact_search(index.vector(0), 5000).size(), corpus.size());
        QVERIFY_THROWS_EXCEPTION(Error, index.vector(corpus.size()));

        const auto empty = CorpusIndex::build(Corpus{}, embedder, small_params(), ctx);
        QCOMPARE(empty.size(), std::size_t(0));
        QVERIFY(empty.search(index.vector(0), 10).empty());

        RunContext cancelled;
        cancelled.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 CorpusIndex::build(corpus, embedder, small_params(), cancelled));
    }

    // The default parameters, on 50K realistic terms, with the embedder width they were tuned
    // for (see indexparams.h).
    void recallAgainstExactSearch() {
        const Corpus corpus = shopping_corpus(50000);
        HashingEmbedder embedder(128);
        RunContext ctx;
        const auto index = CorpusIndex::build(corpus, embedder, IndexParams{}, ctx);
        std::vector<float> query(128);
        double recall = 0.0;
        const int queries = 100;
        for (int q = 0; q < queries; ++q) {
            const std::string& a = corpus.terms[static_cast<std::size_t>(q) * 487];
            const std::string& b = corpus.terms[static_cast<std::size_t>(q) * 211 + 5];
            embedder.embed_text(a.substr(a.find(' ') + 1) + " " + b.substr(0, b.find(' ')),
                                query.data());
            const auto truth = terms_of(index.exact_search(query.data(), 100));
            const auto found = terms_of(index.search(query.data(), 100, 128));
            const std::unordered_set<std::uint32_t> want(truth.begin(), truth.end());
            std::size_t hit = 0;
            for (auto term : found) hit += want.count(term);
            recall += static_cast<double>(hit) / static_cast<double>(truth.size());
        }
        recall /= queries;
        qInfo("recall@100 at ef=128 on %zu terms: %.4f", corpus.size(), recall);
        QVERIFY2(recall >= 0.95, qPrintable(QString::number(recall)));
    }
};

QTEST_APPLESS_MAIN(TestIndex)
#include "test_index.moc"
