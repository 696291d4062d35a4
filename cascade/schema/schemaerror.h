#pragma once

#include <string>

namespace cascade {

// One way in which a value fails its schema.
struct SchemaError {
    std::string instance_path;  // JSON pointer into the validated value; "" is the root
    std::string message;        // e.g. "expected string, got number"
};

}  // namespace cascade
