#include "cascade/template/mustacheparser.h"

#include <cctype>

#include "cascade/core/error.h"

namespace cascade {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
    return s;
}

// "." or dot-separated segments, none empty, without whitespace or braces.
bool is_valid_name(std::string_view name) {
    if (name == ".") return true;
    if (name.empty() || name.front() == '.' || name.back() == '.') return false;
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (std::isspace(static_cast<unsigned char>(c)) || c == '{' || c == '}') return false;
        if (c == '.' && name[i + 1] == '.') return false;
    }
    return true;
}

TemplateReference::Kind reference_kind(char sigil) {
    switch (sigil) {
        case '#':
            return TemplateReference::Kind::section;
        case '^':
            return TemplateReference::Kind::inverted;
        case '/':
            return TemplateReference::Kind::section_end;
        case '!':
            return TemplateReference::Kind::comment;
        default:
            return TemplateReference::Kind::variable;
    }
}

}  // namespace

MustacheParser::MustacheParser(std::string_view text, std::string name)
    : text_(text), name_(std::move(name)) {}

std::vector<TemplateNode> MustacheParser::parse() {
    open_.assign(1, TemplateNode{});
    std::size_t pos = 0;
    while (pos < text_.size()) {
        const std::size_t open = text_.find("{{", pos);
        if (open == std::string_view::npos) {
            add_text(text_.substr(pos));
            break;
        }
        const Tag tag = read_tag(open);
        std::size_t literal_end = open;
        std::size_t next = tag.end;
        widen_standalone(tag, &literal_end, &next);
        add_text(text_.substr(pos, literal_end - pos));
        add_tag(tag);
        pos = next;
    }
    if (open_.size() > 1) {
        const TemplateNode& section = open_.back();
        fail(section.line, section.column,
             "unclosed section \"" + section.text + "\": missing {{/" + section.text + "}}");
    }
    return std::move(open_.front().children);
}

MustacheParser::Tag MustacheParser::read_tag(std::size_t open) {
    Tag tag;
    tag.begin = open;
    const bool triple = open + 2 < text_.size() && text_[open + 2] == '{';
    const std::string_view closer = triple ? "}}}" : "}}";
    const std::size_t content_begin = open + (triple ? 3 : 2);
    const std::size_t close = text_.find(closer, content_begin);
    if (close == std::string_view::npos) {
        fail_at(open, "unclosed tag: missing \"" + std::string(closer) + "\"");
    }
    tag.end = close + closer.size();

    std::string_view content = trim(text_.substr(content_begin, close - content_begin));
    if (triple) {
        tag.sigil = '{';
    } else if (!content.empty() &&
               std::string_view("#^/!&>=").find(content.front()) != std::string_view::npos) {
        tag.sigil = content.front();
        content = trim(content.substr(1));
    }
    tag.name = std::string(content);

    if (tag.sigil == '!') return tag;
    if (tag.sigil == '>') fail_at(open, "partials ({{>name}}) are not supported");
    if (tag.sigil == '=') fail_at(open, "changing delimiters ({{=...=}}) is not supported");
    if (tag.name.empty()) fail_at(open, "empty tag");
    if (!is_valid_name(tag.name)) fail_at(open, "invalid name \"" + tag.name + "\"");
    return tag;
}

void MustacheParser::widen_standalone(const Tag& tag, std::size_t* literal_end,
                                      std::size_t* next) const {
    // Only block tags can stand alone; a variable on its own line is content.
    if (tag.sigil == 0 || std::string_view("#^/!").find(tag.sigil) == std::string_view::npos) {
        return;
    }
    std::size_t begin = tag.begin;
    while (begin > 0 && is_blank(text_[begin - 1])) --begin;
    if (begin > 0 && text_[begin - 1] != '\n') return;

    std::size_t end = tag.end;
    while (end < text_.size() && is_blank(text_[end])) ++end;
    if (text_.substr(end, 2) == "\r\n") {
        end += 2;
    } else if (end < text_.size() && text_[end] == '\n') {
        end += 1;
    } else if (end != text_.size()) {
        return;
    }
    *literal_end = begin;
    *next = end;
}

void MustacheParser::add_text(std::string_view text) {
    if (text.empty()) return;
    std::vector<TemplateNode>& siblings = open_.back().children;
    if (!siblings.empty() && siblings.back().kind == TemplateNode::Kind::text) {
        siblings.back().text += text;
        return;
    }
    TemplateNode node;
    node.text = std::string(text);
    siblings.push_back(std::move(node));
}

void MustacheParser::add_tag(const Tag& tag) {
    references_.push_back({tag.name, tag.begin, tag.end - tag.begin, reference_kind(tag.sigil)});
    if (tag.sigil == '!') return;

    TemplateNode node;
    node.text = tag.name;
    locate(tag.begin, &node.line, &node.column);
    switch (tag.sigil) {
        case '#':
        case '^':
            node.kind =
                tag.sigil == '#' ? TemplateNode::Kind::section : TemplateNode::Kind::inverted;
            open_.push_back(std::move(node));
            return;
        case '/': {
            if (open_.size() == 1) {
                fail(node.line, node.column, "unexpected {{/" + tag.name + "}}: no open section");
            }
            TemplateNode& section = open_.back();
            if (section.text != tag.name) {
                fail(node.line, node.column,
                     "mismatched {{/" + tag.name + "}}: expected {{/" + section.text +
                         "}} to close the section opened at " + std::to_string(section.line) + ":" +
                         std::to_string(section.column));
            }
            TemplateNode closed = std::move(section);
            open_.pop_back();
            open_.back().children.push_back(std::move(closed));
            return;
        }
        default:
            node.kind = TemplateNode::Kind::variable;
            node.raw = tag.sigil != 0;
            open_.back().children.push_back(std::move(node));
    }
}

void MustacheParser::locate(std::size_t offset, int* line, int* column) {
    if (offset < cursor_offset_) {
        cursor_offset_ = 0;
        cursor_line_ = cursor_column_ = 1;
    }
    for (; cursor_offset_ < offset; ++cursor_offset_) {
        const unsigned char c = text_[cursor_offset_];
        if (c == '\n') {
            ++cursor_line_;
            cursor_column_ = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++cursor_column_;  // columns count code points, as editors show them
        }
    }
    *line = cursor_line_;
    *column = cursor_column_;
}

void MustacheParser::fail(int line, int column, const std::string& message) const {
    throw Error(name_ + ":" + std::to_string(line) + ":" + std::to_string(column) + ": " + message);
}

void MustacheParser::fail_at(std::size_t offset, const std::string& message) {
    int line = 0, column = 0;
    locate(offset, &line, &column);
    fail(line, column, message);
}

}  // namespace cascade
