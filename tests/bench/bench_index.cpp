// bench_index: the corpus index on the Shopping Hub keyword corpus (generated from its recipe
// into a temporary folder). Prints embed rate, build time, size on disk, query latency and
// recall of HNSW against exact search, reload time and peak RSS. Not a test: figures only.
//
//   bench_index [--dims N] [--M N] [--ef_construction N] [--shards N] [--ef N] [--k N]
//               [--queries N] [--exact N] [--keep DIR]

#include <sys/resource.h>
#include <time.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cascade/embed/hashingembedder.h"
#include "cascade/index/corpusindex.h"
#include "cascade/index/corpusloader.h"
#include "cascade/index/corpusrecipe.h"
#include "cascade/index/splitmix64.h"

using namespace cascade;
namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

// CPU time, which other processes on a shared machine do not inflate as they do wall time.
double process_cpu_s() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
           static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

double thread_cpu_ms() {
    timespec t{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return static_cast<double>(t.tv_sec) * 1e3 + static_cast<double>(t.tv_nsec) / 1e6;
}

std::string load_average() {
    std::ifstream in("/proc/loadavg");
    std::string one;
    in >> one;
    return one.empty() ? "?" : one;
}

double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;  // Linux reports KiB
}

double percentile(std::vector<double> values, double p) {
    std::sort(values.begin(), values.end());
    return values[static_cast<std::size_t>(p * static_cast<double>(values.size() - 1))];
}

// Queries shaped like the retrieve stage's: a few words from one corpus term in another
// order, plus a word from another term, so that most are not corpus terms themselves.
std::vector<std::string> make_queries(const Corpus& corpus, std::size_t count) {
    SplitMix64 rng(2024);
    std::vector<std::string> queries;
    for (std::size_t q = 0; q < count; ++q) {
        std::vector<std::string> words;
        std::string term = corpus.terms[rng.below(corpus.size())];
        for (std::size_t pos; (pos = term.find(' ')) != std::string::npos; term.erase(0, pos + 1))
            words.push_back(term.substr(0, pos));
        words.push_back(term);
        std::rotate(words.begin(),
                    words.begin() + static_cast<std::ptrdiff_t>(rng.below(words.size())),
                    words.end());
        const std::string& other = corpus.terms[rng.below(corpus.size())];
        words.push_back(other.substr(0, other.find(' ')));
        std::string query;
        for (const auto& w : words) query += (query.empty() ? "" : " ") + w;
        queries.push_back(query);
    }
    return queries;
}

int arg(int argc, char** argv, const char* name, int fallback) {
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], name) == 0) return std::stoi(argv[i + 1]);
    return fallback;
}

}  // namespace

int main(int argc, char** argv) {
    IndexParams params;
    params.M = arg(argc, argv, "--M", params.M);
    params.ef_construction = arg(argc, argv, "--ef_construction", params.ef_construction);
    params.shards = arg(argc, argv, "--shards", params.shards);
    const int dims = arg(argc, argv, "--dims", 128);
    const int ef = arg(argc, argv, "--ef", 128);
    const int k = arg(argc, argv, "--k", 100);
    const auto query_count = static_cast<std::size_t>(arg(argc, argv, "--queries", 2000));
    const auto exact_count = static_cast<std::size_t>(arg(argc, argv, "--exact", 200));
    std::string dir = (fs::temp_directory_path() / "cascade-bench-index").string();
    for (int i = 1; i + 1 < argc; ++i)
        if (std::strcmp(argv[i], "--keep") == 0) dir = argv[i + 1];
    fs::remove_all(dir);
    fs::create_directories(dir);
    RunContext ctx;

    std::printf("bench_index: dims=%d M=%d ef_construction=%d shards=%d ef=%d k=%d\n", dims,
                params.M, params.ef_construction, params.shards, ef, k);
    std::printf("machine: %u hardware threads, load average %s at start\n",
                std::thread::hardware_concurrency(), load_average().c_str());
    std::printf("(wall times include waiting for other processes; CPU times do not)\n");

    auto start = Clock::now();
    const std::string recipe =
        std::string(CASCADE_PROJECTS_DIR) + "/shopping-hub/data/keywords.recipe.json";
    const std::string tsv = dir + "/keywords.tsv";
    ensure_corpus_file(recipe, tsv, ctx);
    const double generate_s = since(start);
    start = Clock::now();
    const Corpus corpus = CorpusLoader::load(tsv);
    std::printf("corpus: %zu terms, generated in %.2f s, loaded in %.2f s (%.1f MB TSV)\n",
                corpus.size(), generate_s, since(start),
                static_cast<double>(fs::file_size(tsv)) / 1e6);

    HashingEmbedder embedder(dims);
    {
        std::vector<float> vectors(corpus.size() * static_cast<std::size_t>(dims));
        double cpu = thread_cpu_ms();
        start = Clock::now();
        embedder.embed(corpus.terms, vectors.data(), ctx);
        const double one = since(start);
        cpu = (thread_cpu_ms() - cpu) / 1e3;
        start = Clock::now();
        embedder.embed_parallel(corpus.terms, vectors.data(), 2, ctx);
        const double two = since(start);
        const auto n = static_cast<double>(corpus.size());
        std::printf(
            "embed: %.0f terms/s on 1 thread (%.0f per CPU second), %.0f terms/s on 2 "
            "threads (x%.2f)\n",
            n / one, n / cpu, n / two, one / two);
    }

    double build_s = 0.0;
    std::vector<double> hnsw_ms, hnsw_cpu_ms, exact_ms, exact_cpu_ms;
    double recall_sum = 0.0;
    {
        const double cpu = process_cpu_s();
        start = Clock::now();
        const CorpusIndex index =
            CorpusIndex::open_or_build(corpus, embedder, params, dir, "keywords", ctx);
        build_s = since(start);
        const double build_cpu = process_cpu_s() - cpu;
        std::printf(
            "build: %.1f s wall, %.1f CPU s = %.1f s on %d idle cores (embed, %d shards, "
            "save; target 60 s)\n",
            build_s, build_cpu, build_cpu / std::min(2, params.shards), std::min(2, params.shards),
            params.shards);
        std::printf("index: %.1f MB on disk, peak RSS so far %.0f MiB\n",
                    static_cast<double>(index.status().bytes_on_disk) / 1e6, peak_rss_mib());

        const auto queries = make_queries(corpus, query_count);
        std::vector<float> qv(queries.size() * static_cast<std::size_t>(dims));
        embedder.embed(queries, qv.data(), ctx);
        for (std::size_t q = 0; q < queries.size(); ++q) {
            const float* query = qv.data() + q * static_cast<std::size_t>(dims);
            double cpu_ms = thread_cpu_ms();
            auto t = Clock::now();
            const auto hits = index.search(query, k, ef);
            hnsw_ms.push_back(since(t) * 1e3);
            hnsw_cpu_ms.push_back(thread_cpu_ms() - cpu_ms);
            if (q >= exact_count) continue;
            cpu_ms = thread_cpu_ms();
            t = Clock::now();
            const auto truth = index.exact_search(query, k);
            exact_ms.push_back(since(t) * 1e3);
            exact_cpu_ms.push_back(thread_cpu_ms() - cpu_ms);
            std::unordered_set<std::uint32_t> want;
            for (const auto& h : truth) want.insert(h.term);
            std::size_t found = 0;
            for (const auto& h : hits) found += want.count(h.term);
            recall_sum += static_cast<double>(found) / static_cast<double>(truth.size());
        }
    }
    const double p50 = percentile(hnsw_ms, 0.5), cpu_p50 = percentile(hnsw_cpu_ms, 0.5);
    std::printf(
        "query top-%d at ef=%d over %zu queries: p50 %.3f ms, p99 %.3f ms wall; p50 %.3f "
        "ms, p99 %.3f ms CPU (target p50 < 1 ms)\n",
        k, ef, hnsw_ms.size(), p50, percentile(hnsw_ms, 0.99), cpu_p50,
        percentile(hnsw_cpu_ms, 0.99));
    const double exact_p50 = percentile(exact_ms, 0.5),
                 exact_cpu_p50 = percentile(exact_cpu_ms, 0.5);
    std::printf(
        "exact search: p50 %.2f ms wall, %.2f ms CPU; speed-up exact/HNSW x%.0f wall, x%.0f "
        "CPU\n",
        exact_p50, exact_cpu_p50, exact_p50 / p50, exact_cpu_p50 / cpu_p50);
    std::printf("recall@%d vs exact: %.4f over %zu queries (target >= 0.95)\n", k,
                recall_sum / static_cast<double>(exact_ms.size()), exact_ms.size());

    const double cpu = process_cpu_s();
    start = Clock::now();
    const CorpusIndex reloaded =
        CorpusIndex::open_or_build(corpus, embedder, params, dir, "keywords", ctx);
    const double reload_s = since(start);
    std::printf("reload: %.2f s wall, %.2f CPU s (%s; target 2 s), x%.0f faster than building\n",
                reload_s, process_cpu_s() - cpu, reloaded.status().built ? "REBUILT" : "loaded",
                build_s / reload_s);
    std::printf("peak RSS: %.0f MiB (target 1024 MiB); load average %s at the end\n",
                peak_rss_mib(), load_average().c_str());
    return 0;
}
