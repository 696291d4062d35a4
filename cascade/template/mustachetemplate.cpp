#include "cascade/template/mustachetemplate.h"

#include <algorithm>

#include "cascade/core/error.h"
#include "cascade/template/mustacheparser.h"

namespace cascade {

namespace {

bool is_truthy(const Json& value) {
    if (value.is_null()) return false;
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_string()) return !value.get_ref<const std::string&>().empty();
    if (value.is_array() || value.is_object()) return !value.empty();
    return true;
}

void append_escaped(std::string_view text, std::string& out) {
    for (const char c : text) {
        switch (c) {
            case '&':
                out += "&amp;";
                break;
            case '<':
                out += "&lt;";
                break;
            case '>':
                out += "&gt;";
                break;
            case '"':
                out += "&quot;";
                break;
            case '\'':
                out += "&#39;";
                break;
            default:
                out += c;
        }
    }
}

void append_value(const Json& value, bool escape, std::string& out) {
    if (value.is_null()) return;
    const std::string dumped = value.is_string() ? std::string() : value.dump();
    const std::string& text = value.is_string() ? value.get_ref<const std::string&>() : dumped;
    if (escape) {
        append_escaped(text, out);
    } else {
        out += text;
    }
}

// For "input.purchase_histroy", the keys of "input" help more than the top-level names.
std::vector<std::string> names_near(const TemplateContext& scope, const std::string& name) {
    for (std::size_t dot = name.rfind('.'); dot != std::string::npos && dot > 0;
         dot = name.rfind('.', dot - 1)) {
        const std::string prefix = name.substr(0, dot);
        const Json* value = scope.lookup(prefix);
        if (!value || !value->is_object()) continue;
        std::vector<std::string> names;
        for (auto it = value->begin(); it != value->end(); ++it) {
            names.push_back(prefix + "." + it.key());
        }
        std::sort(names.begin(), names.end());
        return names;
    }
    return scope.available_names();
}

}  // namespace

MustacheTemplate MustacheTemplate::parse(std::string_view text, std::string name) {
    MustacheParser parser(text, name);
    MustacheTemplate result;
    result.nodes_ = parser.parse();
    result.references_ = parser.references();
    result.name_ = std::move(name);
    return result;
}

std::string MustacheTemplate::render(const TemplateContext& ctx,
                                     const TemplateOptions& options) const {
    TemplateContext scope = ctx;  // sections push onto a copy; copying shares the frames
    std::string out;
    render_nodes(nodes_, scope, options, out);
    return out;
}

void MustacheTemplate::render_nodes(const std::vector<TemplateNode>& nodes, TemplateContext& scope,
                                    const TemplateOptions& options, std::string& out) const {
    for (const TemplateNode& node : nodes) {
        if (node.kind == TemplateNode::Kind::text) {
            out += node.text;
            continue;
        }
        const Json* value = scope.lookup(node.text);
        if (node.kind == TemplateNode::Kind::variable) {
            if (value) {
                append_value(*value, options.escape_html && !node.raw, out);
            } else if (options.strict) {
                throw_unknown(node, scope);
            }
            continue;
        }
        const bool truthy = value && is_truthy(*value);
        if (node.kind == TemplateNode::Kind::inverted) {
            if (!truthy) render_nodes(node.children, scope, options, out);
            continue;
        }
        if (!truthy) continue;
        // Frames are heap-allocated, so value stays valid while elements are pushed: they are
        // pushed as views, uncopied.
        if (value->is_array()) {
            for (const Json& element : *value) {
                scope.push_view(element);
                render_nodes(node.children, scope, options, out);
                scope.pop();
            }
        } else {
            scope.push_view(*value);
            render_nodes(node.children, scope, options, out);
            scope.pop();
        }
    }
}

void MustacheTemplate::throw_unknown(const TemplateNode& node, const TemplateContext& scope) const {
    const std::vector<std::string> names = names_near(scope, node.text);
    std::string available;
    for (const std::string& name : names) {
        if (!available.empty()) available += ", ";
        available += name;
    }
    throw Error(name_ + ":" + std::to_string(node.line) + ":" + std::to_string(node.column) +
                ": unknown variable \"" + node.text + "\" (" +
                (names.empty() ? "no variables available" : "available: " + available) + ")");
}

}  // namespace cascade
