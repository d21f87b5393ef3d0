// Builds the `kong` object of one JavaScript context from the shared PDK's namespaces.
// Called once per context by JsRuntime with host functions: call(id, ...args) runs PDK function
// `id`; a refused call answers FAIL, after which takeError() gives the message (null: the call
// ended the phase, as kong.response.exit does). shared() and plugin() give kong.ctx's objects.
(function (spec, call, takeError, shared, plugin, version, versionNum) {
  'use strict';
  const FAIL = Object.freeze({});
  const EXIT = Object.freeze({ exit: true });
  const camel = (name) => name.replace(/_([a-z])/g, (m, c) => c.toUpperCase());

  function fn(id) {
    return function (...args) {
      const r = call(id, ...args);
      if (r === FAIL) {
        const message = takeError();
        throw message === null ? EXIT : new Error(message);
      }
      return r;
    };
  }

  // Frozen, and any member it lacks fails naming itself (kong.cache is not supported by Gatehouse).
  function guard(path, target) {
    Object.freeze(target);
    return new Proxy(target, {
      get(t, key, receiver) {
        if (typeof key === 'symbol' || key in t || key === 'toJSON' || key === 'then') {
          return Reflect.get(t, key, receiver);
        }
        throw new Error(path + '.' + String(key) + ' is not supported by Gatehouse');
      }
    });
  }

  const tree = {};
  for (const [path, names] of spec) {
    let node = tree;
    for (const part of path.split('.')) {
      node = node[part] ??= {};
    }
    for (const [name, id] of names) {
      const f = fn(id);
      node[name] = f;
      node[camel(name)] = f; // kong-js-pdk's spelling: kong.request.getHeader
    }
  }

  function seal(path, node) {
    for (const key of Object.keys(node)) {
      if (typeof node[key] === 'object') {
        node[key] = seal(path + '.' + key, node[key]);
      }
    }
    return guard(path, node);
  }

  const kong = tree.kong;
  for (const key of Object.keys(kong)) {
    kong[key] = seal('kong.' + key, kong[key]);
  }
  kong.ctx = guard('kong.ctx', {
    get shared() { return shared(); },
    get plugin() { return plugin(); }
  });
  kong.version = version;
  kong.version_num = versionNum;
  kong.configuration = Object.freeze({});

  return {
    kong: guard('kong', kong),
    fail: FAIL,
    newObject: () => ({}),
    parse: (json) => JSON.parse(json),
    stringify: (value) => { const s = JSON.stringify(value); return s === undefined ? 'null' : s; }
  };
})
