#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "cascade/core/json.h"

namespace cascade {

// The Mustache context stack: the bottom frame is the outermost scope (e.g. the input row), the
// top is the innermost (e.g. the item, or the list element a section is iterating over).
class TemplateContext {
public:
    TemplateContext() = default;
    explicit TemplateContext(Json root);

    void push(Json value);
    // A frame that is not copied: value must outlive this context and its copies.
    void push_view(const Json& value);
    // A name for a value, looked up below every frame (e.g. "input", "parent"), not copied:
    // value must outlive this context and its copies.
    void alias(std::string name, const Json& value);
    // Removes the top frame; the stack must not be empty.
    void pop();
    std::size_t size() const { return frames_.size(); }
    bool empty() const { return frames_.empty(); }

    // The innermost frame ({{.}}), or nullptr when the stack is empty.
    const Json* top() const;

    // Resolves "." or a dotted name: the first segment is looked up from the top frame down to
    // the bottom, the remaining segments walk object keys (or array indices) from there.
    // Returns nullptr when the name does not resolve; a broken chain does not fall back to
    // lower frames (Mustache spec).
    const Json* lookup(std::string_view name) const;

    // The keys of every object frame, deduplicated and sorted.
    std::vector<std::string> available_names() const;

private:
    // Shared so that copying a context (one per render) does not copy the JSON it holds.
    std::vector<std::shared_ptr<const Json>> frames_;
    std::vector<std::pair<std::string, const Json*>> aliases_;
};

}  // namespace cascade
