#include "cascade/index/hnswshard.h"

#include <hnswlib/hnswlib.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "cascade/core/error.h"

namespace cascade {

using Graph = hnswlib::HierarchicalNSW<float>;

struct HnswShard::Impl {
    explicit Impl(int dims) : space(static_cast<std::size_t>(dims)), dims(dims) {}
    hnswlib::InnerProductSpace space;  // declared first: the graph points into it
    int dims;
    std::unique_ptr<Graph> graph;
};

namespace {

// hnswlib 0.6.2's saveIndex header: six size_t, an int, a tableint, four size_t and a double
// in between (see HierarchicalNSW::saveIndex).
constexpr std::size_t kHeaderBytes = 6 * 8 + 4 + 4 + 3 * 8 + 8 + 8;

struct Header {
    std::uint64_t offset_level0, max_elements, count, size_per_element, label_offset, offset_data;
    std::int32_t max_level;
    std::uint32_t entry_point;
    std::uint64_t max_m, max_m0, m;
    double mult;
    std::uint64_t ef_construction;
};

Header parse_header(const char* bytes) {
    Header h{};
    std::size_t at = 0;
    auto take = [&](auto& field) {
        std::memcpy(&field, bytes + at, sizeof field);
        at += sizeof field;
    };
    take(h.offset_level0);
    take(h.max_elements);
    take(h.count);
    take(h.size_per_element);
    take(h.label_offset);
    take(h.offset_data);
    take(h.max_level);
    take(h.entry_point);
    take(h.max_m);
    take(h.max_m0);
    take(h.m);
    take(h.mult);
    take(h.ef_construction);
    return h;
}

// Checks everything hnswlib's loadIndex trusts: the header against the expected shape, and
// the per-element upper-layer blocks so that the file ends exactly where they do.
void check_file(const std::string& path, std::size_t dims, std::size_t count, std::size_t m) {
    std::error_code error;
    const std::uint64_t file_size = std::filesystem::file_size(path, error);
    if (error) throw Error("cannot read " + path + ": " + error.message());
    if (file_size < kHeaderBytes) throw Error("file too short for a header");
    std::ifstream in(path, std::ios::binary);
    char raw[kHeaderBytes];
    if (!in.read(raw, sizeof raw)) throw Error("cannot read the header");
    const Header h = parse_header(raw);

    const std::uint64_t links0 =
        2 * m * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
    const std::uint64_t per_element = links0 + dims * sizeof(float) + sizeof(hnswlib::labeltype);
    const bool shape_ok = h.offset_level0 == 0 && h.max_elements == count && h.count == count &&
                          h.size_per_element == per_element && h.offset_data == links0 &&
                          h.label_offset == links0 + dims * sizeof(float) && h.max_m == m &&
                          h.max_m0 == 2 * m && h.m == m && std::isfinite(h.mult) && h.mult > 0;
    if (!shape_ok)
        throw Error("header does not match " + std::to_string(count) + " vectors of " +
                    std::to_string(dims) + " dims with M=" + std::to_string(m));
    if (count > 0 && (h.max_level < 0 || h.max_level > 64 || h.entry_point >= count))
        throw Error("header has an invalid entry point or level");

    const std::uint64_t level0_end = kHeaderBytes + count * per_element;
    if (level0_end > file_size) throw Error("file is truncated");
    // What follows level 0 is, per element, a byte count and that many bytes of upper-layer
    // links: a few MB even for 300K elements, so it is read at once rather than seeked through.
    std::vector<char> tail(file_size - level0_end);
    in.seekg(static_cast<std::streamoff>(level0_end));
    if (!in.read(tail.data(), static_cast<std::streamsize>(tail.size())))
        throw Error("cannot read the upper layers");
    const std::uint64_t block = m * sizeof(hnswlib::tableint) + sizeof(hnswlib::linklistsizeint);
    std::uint64_t at = 0;
    for (std::size_t i = 0; i < count; ++i) {
        std::uint32_t bytes = 0;
        if (at + sizeof bytes > tail.size()) throw Error("file is truncated");
        std::memcpy(&bytes, tail.data() + at, sizeof bytes);
        if (bytes % block != 0 || bytes / block > static_cast<std::uint64_t>(h.max_level))
            throw Error("element " + std::to_string(i) + " has an invalid level");
        at += sizeof bytes + bytes;
        if (at > tail.size()) throw Error("file is truncated");
    }
    if (at != tail.size())
        throw Error("file has " + std::to_string(tail.size() - at) + " bytes too many");
}

// The graph as loaded must only point at its own elements, and labels must follow insertion
// order: search and vector() rely on both.
void check_graph(const Graph& g, std::uint32_t first_label) {
    const auto count = static_cast<hnswlib::tableint>(g.cur_element_count);
    for (hnswlib::tableint i = 0; i < count; ++i) {
        if (g.getExternalLabel(i) != first_label + i)
            throw Error("element " + std::to_string(i) + " has the wrong label");
        if (g.isMarkedDeleted(i))
            throw Error("element " + std::to_string(i) + " is marked deleted");
        for (int level = 0; level <= g.element_levels_[i]; ++level) {
            auto* list = g.get_linklist_at_level(i, level);
            const std::size_t size = g.getListCount(list);
            if (size > (level == 0 ? g.maxM0_ : g.maxM_))
                throw Error("element " + std::to_string(i) + " has too many links");
            const auto* ids = reinterpret_cast<const hnswlib::tableint*>(list + 1);
            for (std::size_t j = 0; j < size; ++j)
                if (ids[j] >= count)
                    throw Error("element " + std::to_string(i) + " links outside the graph");
        }
    }
    if (count > 0 && g.element_levels_[g.enterpoint_node_] != g.maxlevel_)
        throw Error("the entry point is not on the top level");
}

}  // namespace

HnswShard::HnswShard(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HnswShard::HnswShard(int dims, std::size_t capacity, int M, int ef_construction, std::uint64_t seed)
    : impl_(std::make_unique<Impl>(dims)) {
    impl_->graph = std::make_unique<Graph>(&impl_->space, capacity, static_cast<std::size_t>(M),
                                           static_cast<std::size_t>(ef_construction), seed);
}

HnswShard::~HnswShard() = default;

std::unique_ptr<HnswShard> HnswShard::load(const std::string& path, int dims, std::size_t count,
                                           int M, std::uint32_t first_label) {
    check_file(path, static_cast<std::size_t>(dims), count, static_cast<std::size_t>(M));
    auto impl = std::make_unique<Impl>(dims);
    auto graph = std::make_unique<Graph>(&impl->space);
    // The loading constructor leaves these uninitialised; loadIndex only ever adds to them.
    graph->num_deleted_ = 0;
    graph->metric_distance_computations = 0;
    graph->metric_hops = 0;
    try {
        graph->loadIndex(path, &impl->space, count);
    } catch (const std::exception& e) {
        // A half-loaded hnswlib graph holds uninitialised pointers, and destroying it would
        // free them. After check_file this only happens when memory runs out or the file
        // changes under us, so leaking it is the safe choice.
        static_cast<void>(graph.release());
        throw Error(std::string("hnswlib could not load it: ") + e.what());
    }
    impl->graph = std::move(graph);
    check_graph(*impl->graph, first_label);
    return std::unique_ptr<HnswShard>(new HnswShard(std::move(impl)));
}

void HnswShard::add(const float* vector, std::uint32_t label) {
    impl_->graph->addPoint(vector, label);
}

void HnswShard::save(const std::string& path) const {
    const Graph& g = *impl_->graph;
    std::uint64_t expected = kHeaderBytes + g.cur_element_count * g.size_data_per_element_;
    for (std::size_t i = 0; i < g.cur_element_count; ++i)
        expected += sizeof(std::uint32_t) + g.element_levels_[i] * g.size_links_per_element_;
    impl_->graph->saveIndex(path);  // hnswlib does not report write errors: check the size
    std::error_code error;
    const auto written = std::filesystem::file_size(path, error);
    if (error || written != expected)
        throw Error("could not write " + path + " completely (disk full?)");
}

std::size_t HnswShard::size() const {
    return impl_->graph->cur_element_count;
}

const float* HnswShard::vector(std::size_t position) const {
    return reinterpret_cast<const float*>(
        impl_->graph->getDataByInternalId(static_cast<hnswlib::tableint>(position)));
}

void HnswShard::search(const float* query, std::size_t k, std::size_t ef,
                       std::vector<SearchHit>& out) const {
    // hnswlib's searchKnn reads ef from a member that setEf changes; this is the same descent
    // with ef as an argument, so concurrent queries may use different ef values.
    const Graph& g = *impl_->graph;
    if (g.cur_element_count == 0 || k == 0) return;
    hnswlib::tableint current = g.enterpoint_node_;
    float best = g.fstdistfunc_(query, g.getDataByInternalId(current), g.dist_func_param_);
    for (int level = g.maxlevel_; level > 0; --level) {
        for (bool changed = true; changed;) {
            changed = false;
            auto* list = g.get_linklist(current, level);
            const auto* ids = reinterpret_cast<const hnswlib::tableint*>(list + 1);
            for (std::size_t j = 0, n = g.getListCount(list); j < n; ++j) {
                const float d =
                    g.fstdistfunc_(query, g.getDataByInternalId(ids[j]), g.dist_func_param_);
                if (d < best) {
                    best = d;
                    current = ids[j];
                    changed = true;
                }
            }
        }
    }
    auto top = g.searchBaseLayerST<false>(current, query, std::max(ef, k));
    while (top.size() > k) top.pop();
    for (; !top.empty(); top.pop())
        out.push_back({static_cast<std::uint32_t>(g.getExternalLabel(top.top().second)),
                       1.0f - top.top().first});
}

void HnswShard::exact_search(const float* query, std::size_t k, std::vector<SearchHit>& out) const {
    const Graph& g = *impl_->graph;
    if (k == 0) return;
    // A heap whose front is the worst hit kept so far.
    std::vector<SearchHit> heap;
    heap.reserve(std::min(k, g.cur_element_count));
    for (hnswlib::tableint i = 0; i < g.cur_element_count; ++i) {
        const float d = g.fstdistfunc_(query, g.getDataByInternalId(i), g.dist_func_param_);
        const SearchHit hit{static_cast<std::uint32_t>(g.getExternalLabel(i)), 1.0f - d};
        if (heap.size() < k) {
            heap.push_back(hit);
            std::push_heap(heap.begin(), heap.end(), ranks_before);
        } else if (ranks_before(hit, heap.front())) {
            std::pop_heap(heap.begin(), heap.end(), ranks_before);
            heap.back() = hit;
            std::push_heap(heap.begin(), heap.end(), ranks_before);
        }
    }
    out.insert(out.end(), heap.begin(), heap.end());
}

}  // namespace cascade
