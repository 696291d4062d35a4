#include "cascade/index/indexmanifest.h"

#include <cctype>
#include <filesystem>
#include <fstream>

#include "cascade/core/error.h"
#include "cascade/core/hash.h"
#include "cascade/index/tempfile.h"

namespace cascade {

namespace {

// Bump when the build changes in a way that makes old files wrong (seeds, shard split, ...).
constexpr const char* kFormat = "cascade-index/1";
constexpr const char* kGraphLibrary = "hnswlib-0.6.2";

namespace fs = std::filesystem;

std::string safe_name(const std::string& name) {
    std::string out = name.empty() ? "corpus" : name;
    for (char& c : out)
        if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_' && c != '.')
            c = '_';
    return out;
}

// Files of a saved index are "<name>-<16 hex>.hnsw" plus optional ".<shard>" and ".tmp..."
// parts. Returns the 16 hex digits, or "" when `file` is not one of them.
std::string file_key(const std::string& file, const std::string& name) {
    const std::string prefix = safe_name(name) + "-";
    if (file.size() < prefix.size() + 16 + 5 || file.compare(0, prefix.size(), prefix) != 0)
        return {};
    const std::string key = file.substr(prefix.size(), 16);
    if (key.find_first_not_of("0123456789abcdef") != std::string::npos) return {};
    const std::string rest = file.substr(prefix.size() + 16);
    if (rest != ".hnsw" && rest.rfind(".hnsw.", 0) != 0) return {};
    return key;
}

template <typename T>
T field(const Json& json, const char* key, const std::string& source) {
    if (!json.contains(key)) throw Error(source + ": missing \"" + key + "\"");
    try {
        return json.at(key).get<T>();
    } catch (const nlohmann::json::exception&) {
        throw Error(source + ": \"" + key + "\" has the wrong type");
    }
}

}  // namespace

std::string IndexManifest::make_key(const std::string& corpus_hash, const std::string& embedder,
                                    const IndexParams& params) {
    Sha256 hash;
    hash.add(kFormat).add(kGraphLibrary).add(corpus_hash).add(embedder);
    hash.add(params.build_signature());
    return hash.hex();
}

std::string IndexManifest::path_for(const std::string& dir, const std::string& name,
                                    const std::string& key) {
    return (fs::path(dir) / (safe_name(name) + "-" + key.substr(0, 16) + ".hnsw")).string();
}

std::optional<IndexManifest> IndexManifest::newest_other(const std::string& dir,
                                                         const std::string& name,
                                                         const std::string& key) {
    std::optional<IndexManifest> newest;
    fs::file_time_type newest_time{};
    std::error_code error;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        const std::string file = entry.path().filename().string();
        const std::string other = file_key(file, name);
        if (other.empty() || other == key.substr(0, 16) || !file.ends_with(".hnsw")) continue;
        const auto time = entry.last_write_time(error);
        if (error || (newest && time <= newest_time)) continue;
        try {
            newest = read(entry.path().string());
            newest_time = time;
        } catch (const Error&) {
            // An unreadable leftover explains nothing; remove_others deletes it later.
        }
    }
    return newest;
}

void IndexManifest::remove_others(const std::string& dir, const std::string& name,
                                  const std::string& key) {
    std::error_code error;
    std::vector<fs::path> stale;
    for (const auto& entry : fs::directory_iterator(dir, error)) {
        const std::string other = file_key(entry.path().filename().string(), name);
        if (!other.empty() && other != key.substr(0, 16)) stale.push_back(entry.path());
    }
    for (const auto& file : stale) fs::remove(file, error);
}

std::uint64_t IndexManifest::bytes_on_disk(const std::string& path) const {
    std::error_code error;
    std::uint64_t bytes = fs::file_size(path, error);
    for (const auto& shard : shards) bytes += shard.bytes;
    return bytes;
}

Json IndexManifest::to_json() const {
    Json shard_list = Json::array();
    for (const auto& s : shards)
        shard_list.push_back({{"file", s.file},
                              {"first", s.first},
                              {"count", s.count},
                              {"bytes", s.bytes},
                              {"checksum", s.checksum}});
    return Json{
        {"format", kFormat},
        {"graph_library", kGraphLibrary},
        {"key", key},
        {"corpus", {{"hash", corpus_hash}, {"size", corpus_size}}},
        {"embedder", {{"identity", embedder}, {"dims", dims}}},
        {"params",
         {{"M", params.M}, {"ef_construction", params.ef_construction}, {"shards", params.shards}}},
        {"shards", shard_list}};
}

IndexManifest IndexManifest::from_json(const Json& json, const std::string& source) {
    if (!json.is_object() || json.value("format", "") != kFormat ||
        json.value("graph_library", "") != kGraphLibrary)
        throw Error(source + ": not a " + kFormat + " manifest for " + kGraphLibrary);
    IndexManifest m;
    m.key = field<std::string>(json, "key", source);
    const Json corpus = field<Json>(json, "corpus", source);
    m.corpus_hash = field<std::string>(corpus, "hash", source);
    m.corpus_size = field<std::size_t>(corpus, "size", source);
    const Json embedder = field<Json>(json, "embedder", source);
    m.embedder = field<std::string>(embedder, "identity", source);
    m.dims = field<int>(embedder, "dims", source);
    m.params = IndexParams::from_json(field<Json>(json, "params", source), source + ": params");
    for (const auto& s : field<Json>(json, "shards", source)) {
        Shard shard;
        shard.file = field<std::string>(s, "file", source);
        shard.first = field<std::uint32_t>(s, "first", source);
        shard.count = field<std::uint32_t>(s, "count", source);
        shard.bytes = field<std::uint64_t>(s, "bytes", source);
        shard.checksum = field<std::string>(s, "checksum", source);
        m.shards.push_back(std::move(shard));
    }
    return m;
}

IndexManifest IndexManifest::read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path);
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return from_json(parse_json(text, path), path);
}

void IndexManifest::write(const std::string& path) const {
    const std::string temp = unique_temp_path(path);
    {
        std::ofstream out(temp, std::ios::binary | std::ios::trunc);
        out << to_json().dump(2) << '\n';
        if (!out.flush()) throw Error("cannot write " + temp);
    }
    std::error_code error;
    fs::rename(temp, path, error);
    if (error) throw Error("cannot move " + temp + " to " + path + ": " + error.message());
}

std::pair<IndexReason, std::string> IndexManifest::difference(const IndexManifest& wanted) const {
    if (dims != wanted.dims)
        return {IndexReason::DimsMismatch,
                "dims mismatch: the saved index holds " + std::to_string(dims) +
                    "-dim vectors, the embedder makes " + std::to_string(wanted.dims)};
    if (embedder != wanted.embedder)
        return {IndexReason::EmbedderChanged,
                "embedder changed: saved with '" + embedder + "', now '" + wanted.embedder + "'"};
    if (corpus_hash != wanted.corpus_hash)
        return {IndexReason::CorpusChanged,
                "corpus changed: " + std::to_string(wanted.corpus_size) + " terms now, " +
                    std::to_string(corpus_size) + " when the index was saved" +
                    (corpus_size == wanted.corpus_size ? " (same count, different terms)" : "")};
    if (params.build_signature() != wanted.params.build_signature())
        return {IndexReason::ParamsChanged, "index params changed: saved with " +
                                                params.build_signature() + ", now " +
                                                wanted.params.build_signature()};
    if (key != wanted.key || corpus_size != wanted.corpus_size)
        return {IndexReason::Corrupt, "the manifest's key does not match its contents"};
    return {IndexReason::None, {}};
}

std::string file_checksum(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error("cannot read " + path);
    Sha256 hash;
    std::vector<char> buffer(1 << 20);
    while (in) {
        in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
        if (in.gcount() > 0)
            hash.add(std::string_view(buffer.data(), static_cast<std::size_t>(in.gcount())));
    }
    if (in.bad()) throw Error("cannot read " + path);
    return hash.hex();
}

}  // namespace cascade
