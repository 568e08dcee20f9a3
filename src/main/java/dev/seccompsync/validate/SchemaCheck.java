package dev.seccompsync.validate;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Checks a value against a CRD's structural OpenAPI v3 schema the way the API server would: types,
 * required fields, enums, limits, patterns, set semantics, and fields the schema does not declare
 * (which the server prunes without a word).
 */
final class SchemaCheck {
  private SchemaCheck() {}

  /** One place where the value breaks the schema. */
  record Violation(String pointer, String message, String fix) {}

  static List<Violation> check(JsonNode value, JsonNode schema) {
    var violations = new ArrayList<Violation>();
    walk(value, schema, "", violations);
    return violations;
  }

  private static void walk(JsonNode value, JsonNode schema, String pointer, List<Violation> out) {
    if (schema == null || schema.isMissingNode() || schema.isEmpty()) {
      return;
    }
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false)) {
        out.add(new Violation(pointer, "is null", "remove the field or give it a value"));
      }
      return;
    }
    if (!typeMatches(value, schema, pointer, out)) {
      return;
    }
    var allowed = schema.get("enum");
    if (allowed != null && allowed.isArray()) {
      boolean found = false;
      for (var option : allowed) {
        found |= option.equals(value);
      }
      if (!found) {
        var options = new ArrayList<String>();
        allowed.forEach(o -> options.add(o.asString()));
        out.add(
            new Violation(
                pointer,
                "%s is not an allowed value".formatted(quote(value)),
                "use one of " + String.join(", ", options)));
      }
    }
    if (value.isNumber()) {
      numberLimits(value, schema, pointer, out);
    } else if (value.isString()) {
      stringLimits(value.asString(), schema, pointer, out);
    } else if (value.isObject()) {
      object(value, schema, pointer, out);
    } else if (value.isArray()) {
      array(value, schema, pointer, out);
    }
  }

  private static boolean typeMatches(
      JsonNode value, JsonNode schema, String pointer, List<Violation> out) {
    if (schema.path("x-kubernetes-int-or-string").asBoolean(false)) {
      if (value.isIntegralNumber() || value.isString()) {
        return true;
      }
      out.add(new Violation(pointer, "must be an integer or a string", null));
      return false;
    }
    var type = schema.path("type").asString("");
    boolean ok =
        switch (type) {
          case "object" -> value.isObject();
          case "array" -> value.isArray();
          case "string" -> value.isString();
          case "integer" -> value.isIntegralNumber();
          case "number" -> value.isNumber();
          case "boolean" -> value.isBoolean();
          default -> true;
        };
    if (!ok) {
      var fix =
          type.equals("integer") && value.isString() && value.asString().matches("-?\\d+")
              ? "write it without quotes: " + value.asString()
              : null;
      out.add(
          new Violation(
              pointer,
              "%s is %s; the field is %s".formatted(quote(value), kind(value), an(type)),
              fix));
    }
    return ok;
  }

  private static void numberLimits(
      JsonNode value, JsonNode schema, String pointer, List<Violation> out) {
    var number = value.asDouble();
    var minimum = schema.get("minimum");
    var maximum = schema.get("maximum");
    if ((minimum != null && number < minimum.asDouble())
        || (maximum != null && number > maximum.asDouble())) {
      out.add(
          new Violation(
              pointer,
              "%s is outside %s..%s"
                  .formatted(
                      value,
                      minimum == null ? "" : minimum.asString(),
                      maximum == null ? "" : maximum.asString()),
              null));
    }
  }

  private static void stringLimits(
      String text, JsonNode schema, String pointer, List<Violation> out) {
    var min = schema.get("minLength");
    var max = schema.get("maxLength");
    if (min != null && text.length() < min.asInt()) {
      out.add(
          new Violation(
              pointer,
              text.isEmpty() ? "is empty" : "is shorter than %d".formatted(min.asInt()),
              null));
    }
    if (max != null && text.length() > max.asInt()) {
      out.add(new Violation(pointer, "is longer than %d characters".formatted(max.asInt()), null));
    }
    var pattern = schema.get("pattern");
    if (pattern != null) {
      try {
        if (!java.util.regex.Pattern.compile(pattern.asString()).matcher(text).find()) {
          out.add(
              new Violation(
                  pointer,
                  "%s does not match %s".formatted(quote(text), pattern.asString()),
                  null));
        }
      } catch (java.util.regex.PatternSyntaxException e) {
        // An ECMA-262 pattern Java cannot compile; the server checks it.
      }
    }
  }

  private static void object(JsonNode value, JsonNode schema, String pointer, List<Violation> out) {
    for (var required : schema.path("required")) {
      if (!value.has(required.asString())) {
        out.add(
            new Violation(
                pointer + "/" + escape(required.asString()),
                "is required",
                "add " + required.asString()));
      }
    }
    var properties = schema.path("properties");
    var additional = schema.get("additionalProperties");
    var open = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean(false);
    for (var entry : value.properties()) {
      var name = entry.getKey();
      var child = pointer + "/" + escape(name);
      if (properties.has(name)) {
        walk(entry.getValue(), properties.get(name), child, out);
      } else if (additional != null && additional.isObject()) {
        walk(entry.getValue(), additional, child, out);
      } else if (!open && !(additional != null && additional.asBoolean(false))) {
        if (pointer.isEmpty() && (name.equals("status"))) {
          continue;
        }
        out.add(
            new Violation(
                child,
                "unknown field %s; the server drops it without a word".formatted(name),
                "remove it, or check its spelling"
                    + Closest.to(name, names(properties))
                        .map(c -> " (did you mean " + c + "?)")
                        .orElse("")));
      }
    }
  }

  private static void array(JsonNode value, JsonNode schema, String pointer, List<Violation> out) {
    var min = schema.get("minItems");
    var max = schema.get("maxItems");
    if (min != null && value.size() < min.asInt()) {
      out.add(
          new Violation(
              pointer,
              value.isEmpty() ? "is empty" : "has fewer than %d items".formatted(min.asInt()),
              null));
    }
    if (max != null && value.size() > max.asInt()) {
      out.add(new Violation(pointer, "has more than %d items".formatted(max.asInt()), null));
    }
    var items = schema.get("items");
    for (int i = 0; i < value.size(); i++) {
      walk(value.get(i), items, pointer + "/" + i, out);
    }
    if ("set".equals(schema.path("x-kubernetes-list-type").asString(""))) {
      var seen = new HashSet<JsonNode>();
      for (int i = 0; i < value.size(); i++) {
        if (!seen.add(value.get(i))) {
          out.add(
              new Violation(
                  pointer + "/" + i,
                  "%s is listed twice; the list is a set, so the API server refuses the object"
                      .formatted(quote(value.get(i))),
                  "remove the duplicate"));
        }
      }
    }
  }

  private static List<String> names(JsonNode properties) {
    var names = new ArrayList<String>();
    properties.propertyNames().forEach(names::add);
    return names;
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  private static String quote(JsonNode value) {
    return value.isString() ? "\"" + value.asString() + "\"" : value.toString();
  }

  private static String quote(String text) {
    return "\"" + text + "\"";
  }

  private static String kind(JsonNode value) {
    if (value.isString()) {
      return "a string";
    }
    if (value.isIntegralNumber()) {
      return "an integer";
    }
    if (value.isNumber()) {
      return "a number";
    }
    if (value.isBoolean()) {
      return "a boolean";
    }
    if (value.isArray()) {
      return "a list";
    }
    return value.isObject() ? "a mapping" : "null";
  }

  private static String an(String type) {
    return switch (type) {
      case "integer" -> "an integer";
      case "object" -> "a mapping";
      case "array" -> "a list";
      case "boolean" -> "a boolean";
      case "number" -> "a number";
      default -> "a " + type;
    };
  }
}
