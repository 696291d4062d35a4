#include "widgets/templatecheck.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <vector>

#include "cascade/core/error.h"
#include "cascade/template/mustachetemplate.h"

using Kind = cascade::TemplateReference::Kind;

namespace {

QString tr(const char* text) {
    return QCoreApplication::translate("TemplateCheck", text);
}

bool is_truthy(const cascade::Json& value) {
    if (value.is_null()) return false;
    if (value.is_boolean()) return value.get<bool>();
    if (value.is_string()) return !value.get_ref<const std::string&>().empty();
    if (value.is_array() || value.is_object()) return !value.empty();
    return true;
}

QString value_preview(const cascade::Json& value) {
    QString text =
        QString::fromStdString(value.is_string() ? value.get<std::string>() : value.dump());
    if (text.size() > 120) text = text.left(117) + QStringLiteral("...");
    return text;
}

// For "input.nme", the keys of "input" help more than every top-level name.
QStringList names_near(const cascade::TemplateContext& scope, const std::string& name) {
    for (auto dot = name.rfind('.'); dot != std::string::npos && dot > 0;
         dot = name.rfind('.', dot - 1)) {
        const std::string prefix = name.substr(0, dot);
        const cascade::Json* value = scope.lookup(prefix);
        if (!value || !value->is_object()) continue;
        QStringList names;
        for (auto it = value->begin(); it != value->end(); ++it)
            names << QString::fromStdString(prefix + "." + it.key());
        names.sort();
        return names;
    }
    QStringList names;
    for (const auto& known : scope.available_names()) names << QString::fromStdString(known);
    return names;
}

Kind kind_of_sigil(QChar sigil) {
    switch (sigil.unicode()) {
        case '#':
            return Kind::section;
        case '^':
            return Kind::inverted;
        case '/':
            return Kind::section_end;
        case '!':
            return Kind::comment;
        default:
            return Kind::variable;
    }
}

}  // namespace

TemplateCheck TemplateCheck::run(const QString& text, const cascade::TemplateContext* context) {
    TemplateCheck check;
    const QByteArray utf8 = text.toUtf8();
    std::vector<cascade::TemplateReference> references;
    try {
        references = cascade::MustacheTemplate::parse(utf8.toStdString(), "prompt").references();
    } catch (const cascade::Error& e) {
        check.parse_error_ = QString::fromStdString(e.what());
        check.scanTags(text);
        return check;
    }
    // References carry UTF-8 byte offsets; the editor counts UTF-16 units.
    std::vector<int> char_at(static_cast<std::size_t>(utf8.size()) + 1, 0);
    int units = 0;
    std::size_t byte = 0;
    for (const char32_t code : text.toUcs4()) {
        const int bytes = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        for (int i = 0; i < bytes && byte < char_at.size(); ++i) char_at[byte++] = units;
        units += code >= 0x10000 ? 2 : 1;
    }
    while (byte < char_at.size()) char_at[byte++] = units;

    for (const auto& ref : references) {
        TemplateTag tag;
        tag.start = char_at[ref.offset];
        tag.length = char_at[ref.offset + ref.length] - tag.start;
        tag.kind = ref.kind;
        tag.name = QString::fromStdString(ref.name);
        check.tags_ << tag;
    }
    if (context) check.checkTags(*context);
    return check;
}

void TemplateCheck::checkTags(const cascade::TemplateContext& context) {
    struct Frame {
        bool checked;
        bool pushed;
    };
    cascade::TemplateContext scope = context;  // frames are shared, so the copy is cheap
    std::vector<Frame> frames{{true, false}};
    for (auto& tag : tags_) {
        const std::string name = tag.name.toStdString();
        const bool checked = frames.back().checked;
        switch (tag.kind) {
            case Kind::variable: {
                if (!checked) {
                    tag.toolTip = tr("Not rendered for this item (inside a skipped section)");
                    break;
                }
                const cascade::Json* value = scope.lookup(name);
                tag.status = value ? TemplateTag::Status::Known : TemplateTag::Status::Unknown;
                tag.toolTip = value ? QStringLiteral("%1 = %2").arg(tag.name, value_preview(*value))
                                    : tr("Unknown variable \u201c%1\u201d. Known here: %2")
                                          .arg(tag.name, names_near(scope, name).join(", "));
                break;
            }
            case Kind::section:
            case Kind::inverted: {
                const cascade::Json* value = checked ? scope.lookup(name) : nullptr;
                const bool truthy = value && is_truthy(*value);
                tag.status = value ? TemplateTag::Status::Known : TemplateTag::Status::Unchecked;
                Frame frame{false, false};
                if (!checked) {
                    tag.toolTip = tr("Not rendered for this item");
                } else if (tag.kind == Kind::inverted) {
                    frame.checked = !truthy;  // the body renders only when the value is falsy
                    tag.toolTip =
                        truthy
                            ? tr("\u201c%1\u201d is set for this item: body skipped").arg(tag.name)
                            : tr("\u201c%1\u201d is empty or missing: body rendered").arg(tag.name);
                } else if (!truthy) {
                    tag.toolTip = tr("\u201c%1\u201d is empty or missing for this item: body "
                                     "skipped (not checked)")
                                      .arg(tag.name);
                } else {
                    // A list is checked against its first element, as the first pass renders.
                    scope.push(value->is_array() ? value->front() : *value);
                    frame = {true, true};
                    tag.toolTip =
                        value->is_array()
                            ? tr("List of %1; body checked against the first").arg(value->size())
                            : QStringLiteral("%1 = %2").arg(tag.name, value_preview(*value));
                }
                frames.push_back(frame);
                break;
            }
            case Kind::section_end:
                if (frames.size() > 1) {
                    if (frames.back().pushed) scope.pop();
                    frames.pop_back();
                }
                break;
            case Kind::comment:
                break;
        }
    }
}

void TemplateCheck::scanTags(const QString& text) {
    static const QRegularExpression tag_pattern(
        QStringLiteral(R"(\{\{\{?\s*([#^/!&]?)\s*([^}]*?)\s*\}?\}\})"));
    for (auto it = tag_pattern.globalMatch(text); it.hasNext();) {
        const auto match = it.next();
        TemplateTag tag;
        tag.start = static_cast<int>(match.capturedStart());
        tag.length = static_cast<int>(match.capturedLength());
        const QString sigil = match.captured(1);
        tag.kind = sigil.isEmpty() ? Kind::variable : kind_of_sigil(sigil.front());
        tag.name = match.captured(2);
        tag.toolTip = parse_error_;
        tags_ << tag;
    }
}

QStringList TemplateCheck::unknownNames() const {
    QStringList names;
    for (const auto& tag : tags_)
        if (tag.status == TemplateTag::Status::Unknown && !names.contains(tag.name))
            names << tag.name;
    return names;
}

const TemplateTag* TemplateCheck::tagAt(int position) const {
    for (const auto& tag : tags_)
        if (position >= tag.start && position < tag.start + tag.length) return &tag;
    return nullptr;
}
