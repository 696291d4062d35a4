#include "cascade/template/templatecontext.h"

#include <algorithm>
#include <cassert>
#include <charconv>

namespace cascade {

namespace {

// A segment that names an element of an array, e.g. the "0" of "themes.0.title".
const Json* array_element(const Json& array, std::string_view segment) {
    std::size_t index = 0;
    const char* end = segment.data() + segment.size();
    const auto [ptr, ec] = std::from_chars(segment.data(), end, index);
    if (ec != std::errc() || ptr != end || index >= array.size()) return nullptr;
    return &array[index];
}

const Json* child(const Json& value, std::string_view segment) {
    if (value.is_object()) {
        const auto it = value.find(std::string(segment));
        return it == value.end() ? nullptr : &*it;
    }
    if (value.is_array()) return array_element(value, segment);
    return nullptr;
}

}  // namespace

TemplateContext::TemplateContext(Json root) {
    push(std::move(root));
}

void TemplateContext::push(Json value) {
    frames_.push_back(std::make_shared<const Json>(std::move(value)));
}

void TemplateContext::push_view(const Json& value) {
    // An aliasing pointer that owns nothing.
    frames_.push_back(std::shared_ptr<const Json>(std::shared_ptr<const Json>(), &value));
}

void TemplateContext::alias(std::string name, const Json& value) {
    aliases_.emplace_back(std::move(name), &value);
}

void TemplateContext::pop() {
    assert(!frames_.empty());
    frames_.pop_back();
}

const Json* TemplateContext::top() const {
    return frames_.empty() ? nullptr : frames_.back().get();
}

const Json* TemplateContext::lookup(std::string_view name) const {
    if (name == ".") return top();

    const std::size_t dot = name.find('.');
    const std::string_view first = name.substr(0, dot);
    const Json* value = nullptr;
    for (auto frame = frames_.rbegin(); frame != frames_.rend() && !value; ++frame) {
        if ((*frame)->is_object()) value = child(**frame, first);
    }
    for (auto alias = aliases_.begin(); alias != aliases_.end() && !value; ++alias) {
        if (alias->first == first) value = alias->second;
    }
    if (!value || dot == std::string_view::npos) return value;

    std::string_view rest = name.substr(dot + 1);
    while (value) {
        const std::size_t next = rest.find('.');
        value = child(*value, rest.substr(0, next));
        if (next == std::string_view::npos) break;
        rest = rest.substr(next + 1);
    }
    return value;
}

std::vector<std::string> TemplateContext::available_names() const {
    std::vector<std::string> names;
    for (const auto& frame : frames_) {
        if (!frame->is_object()) continue;
        for (auto it = frame->begin(); it != frame->end(); ++it) names.push_back(it.key());
    }
    for (const auto& alias : aliases_) names.push_back(alias.first);
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

}  // namespace cascade
