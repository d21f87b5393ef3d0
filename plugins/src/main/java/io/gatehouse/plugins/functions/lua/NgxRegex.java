package io.gatehouse.plugins.functions.lua;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import org.luaj.vm2.LuaTable;
import org.luaj.vm2.LuaValue;
import org.luaj.vm2.Varargs;

/**
 * {@code ngx.re.match/find/gsub/sub/gmatch} on RE2/J (linear time; PCRE look-around and
 * back-references are refused with an error, as a compile failure of the regex).
 */
final class NgxRegex {
  private NgxRegex() {}

  static LuaTable table() {
    LuaTable t = Fn.namespace("ngx.re");
    t.set("match", Fn.of(a -> {
      Matcher m = matcher(a);
      return m == null ? LuaValue.varargsOf(LuaValue.NIL, err(a)) : m.find() ? captures(m) : LuaValue.NIL;
    }));
    t.set("find", Fn.of(a -> {
      Matcher m = matcher(a);
      if (m == null) {
        return LuaValue.varargsOf(LuaValue.NIL, LuaValue.NIL, err(a));
      }
      return m.find() ? LuaValue.varargsOf(LuaValue.valueOf(m.start() + 1), LuaValue.valueOf(m.end()))
          : LuaValue.NIL;
    }));
    t.set("gsub", Fn.of(a -> replace(a, true)));
    t.set("sub", Fn.of(a -> replace(a, false)));
    t.set("gmatch", Fn.of(a -> {
      Matcher m = matcher(a);
      if (m == null) {
        return LuaValue.varargsOf(LuaValue.NIL, err(a));
      }
      return Fn.of(x -> m.find() ? captures(m) : LuaValue.NIL);
    }));
    return t;
  }

  private static LuaValue err(Varargs a) {
    return LuaValue.valueOf("failed to compile regex \"" + a.arg(2).tojstring() + "\"");
  }

  private static Matcher matcher(Varargs a) {
    String opts = a.isnil(3) || !a.arg(3).isstring() ? "" : a.arg(3).tojstring();
    int flags = (opts.contains("i") ? Pattern.CASE_INSENSITIVE : 0) | (opts.contains("s") ? Pattern.DOTALL : 0)
        | (opts.contains("m") ? Pattern.MULTILINE : 0);
    try {
      return Pattern.compile(a.checkjstring(2), flags).matcher(a.checkjstring(1));
    } catch (PatternSyntaxException e) {
      return null;
    }
  }

  private static LuaTable captures(Matcher m) {
    LuaTable t = new LuaTable();
    t.set(0, m.group());
    for (int i = 1; i <= m.groupCount(); i++) {
      t.set(i, m.group(i) == null ? LuaValue.FALSE : LuaValue.valueOf(m.group(i)));
    }
    for (var named : m.pattern().namedGroups().entrySet()) {
      String v = m.group(named.getValue());
      t.set(named.getKey(), v == null ? LuaValue.FALSE : LuaValue.valueOf(v));
    }
    return t;
  }

  /** {@code $0}, {@code $1}, {@code ${name}} in a template, or a function of the captures table. */
  private static Varargs replace(Varargs a, boolean all) {
    Matcher m = matcher(LuaValue.varargsOf(a.arg(1), a.arg(2), a.arg(4)));
    if (m == null) {
      return LuaValue.varargsOf(LuaValue.NIL, LuaValue.NIL, err(a));
    }
    String subject = a.checkjstring(1);
    LuaValue repl = a.arg(3);
    StringBuilder out = new StringBuilder();
    int last = 0;
    int n = 0;
    while (m.find()) {
      out.append(subject, last, m.start());
      if (repl.isfunction()) {
        out.append(repl.call(captures(m)).tojstring());
      } else {
        String tpl = repl.tojstring();
        for (int i = 0; i < tpl.length(); i++) {
          char c = tpl.charAt(i);
          if (c == '$' && i + 1 < tpl.length() && Character.isDigit(tpl.charAt(i + 1))) {
            String g = m.group(tpl.charAt(++i) - '0');
            out.append(g == null ? "" : g);
          } else if (c == '$' && i + 1 < tpl.length() && tpl.charAt(i + 1) == '{') {
            int close = tpl.indexOf('}', i);
            String name = tpl.substring(i + 2, close);
            String g = Character.isDigit(name.charAt(0)) ? m.group(Integer.parseInt(name)) : m.group(name);
            out.append(g == null ? "" : g);
            i = close;
          } else if (c == '$' && i + 1 < tpl.length() && tpl.charAt(i + 1) == '$') {
            out.append('$');
            i++;
          } else {
            out.append(c);
          }
        }
      }
      last = m.end();
      n++;
      if (!all) {
        break;
      }
    }
    out.append(subject.substring(last));
    return LuaValue.varargsOf(LuaValue.valueOf(out.toString()), LuaValue.valueOf(n));
  }
}
