#pragma once

#include <string>
#include <string_view>

namespace cascade {

// Lower-case hex SHA-256: cache keys, stage fingerprints and corpus index keys.
std::string sha256_hex(std::string_view data);

// Incremental form for hashing many pieces without concatenating them.
class Sha256 {
public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;
    // Each piece is length-prefixed so that ("ab","c") and ("a","bc") differ.
    Sha256& add(std::string_view piece);
    std::string hex();

private:
    void* ctx_;
};

}  // namespace cascade
