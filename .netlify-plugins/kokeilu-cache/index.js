'use strict'

// kokeilu-cache: keeps kokeilu's output folder and engine state in Netlify's
// build cache between deploys.
//
// Every Netlify build starts from a fresh clone, so without this plugin
// `kokeilu build` finds no previous output and renders every page. kokeilu
// keeps beside its output folder (public/) what it needs to render only what
// changed (see internal/build/state.go and internal/output/output.go):
//
//   public/                  the output itself
//   .public.kokeilu          the marker that says kokeilu made public/; without
//                            it kokeilu refuses to replace a non-empty public/
//   .public.kokeilu-cache    the engine's state and the manifest of inputs and
//                            output
//
// The lock file and staging folders (.public.kokeilu-lock, .public.build-N)
// belong to one running build only and are never kept. Nor is the spare
// (.public.kokeilu-spare), the output before the last one, which a build
// stages into instead of a new folder: it would double what the cache
// copies, and a build without it only makes a new folder.
//
// The cache is only a speed-up. Whatever it holds, the build it leads to is
// correct: the manifest hashes every input and output file whose size or time
// differ (a restored copy has new times), renders again an output file that
// was damaged or lost, and replaces the folder when it holds anything the
// last build did not leave. So this plugin never fails the build: every
// error is caught and logged, and the build goes on, at worst cold.
//
// KOKEILU_CACHE (an environment variable, set in Netlify's UI or netlify.toml):
//   off    restore nothing and save nothing
//   clear  remove the cached copy, build everything, then save the new output
//          (remove the variable afterwards, or every deploy builds cold)
//
// Plain Node, CommonJS, no dependencies: Netlify loads a local plugin from
// the repository as it is, without installing anything for it.

const fs = require('fs')
const path = require('path')

const NAME = 'kokeilu-cache'

function log(message) {
  console.log(`${NAME}: ${message}`)
}

function describe(err) {
  return (err && err.message) || String(err)
}

// utils.status.show puts a line in the deploy summary. It is a nicety: a
// failure there must not become the build's failure either.
function show(utils, title, summary) {
  try {
    if (utils && utils.status && typeof utils.status.show === 'function') {
      utils.status.show({ title, summary })
    }
  } catch (err) {
    log(`could not show the status (${describe(err)})`)
  }
}

function mode() {
  const value = String(process.env.KOKEILU_CACHE || '').trim().toLowerCase()
  if (value === 'off' || value === 'clear') {
    return value
  }
  if (value !== '' && value !== 'on') {
    log(`KOKEILU_CACHE=${value} is none of off, clear, on: the cache is used`)
  }
  return 'on'
}

// The paths kokeilu uses for the publish folder. The build command in
// netlify.toml builds into kokeilu's default folder, public, which is also
// the publish folder; PUBLISH_DIR is relative to the build's working folder
// or absolute, and missing when the plugin runs outside Netlify Build.
function paths(constants) {
  const dir = constants && typeof constants.PUBLISH_DIR === 'string' && constants.PUBLISH_DIR !== ''
    ? constants.PUBLISH_DIR
    : 'public'
  const publish = path.resolve(dir)
  const parent = path.dirname(publish)
  const base = path.basename(publish)
  return {
    publish,
    marker: path.join(parent, `.${base}.kokeilu`),
    state: path.join(parent, `.${base}.kokeilu-cache`),
  }
}

function shown(p) {
  return path.relative(process.cwd(), p) || p
}

// cacheCall runs one utils.cache method on one path: { done } with what the
// method returned, or { error } when it threw or was missing.
async function cacheCall(utils, method, p) {
  try {
    const cache = utils && utils.cache
    if (!cache || typeof cache[method] !== 'function') {
      throw new Error(`utils.cache.${method} is not available`)
    }
    return { done: Boolean(await cache[method](p)) }
  } catch (error) {
    log(`utils.cache.${method}(${shown(p)}) failed: ${describe(error)}`)
    return { error }
  }
}

function exists(p) {
  try {
    fs.lstatSync(p)
    return true
  } catch {
    return false
  }
}

// dropState removes kokeilu's local state, so that the build renders every
// file: always correct, only slower.
function dropState(p) {
  try {
    fs.rmSync(p.state, { force: true })
  } catch (err) {
    log(`could not remove ${shown(p.state)} (${describe(err)})`)
  }
}

async function restore(constants, utils) {
  const m = mode()
  if (m === 'off') {
    log('KOKEILU_CACHE=off: nothing restored, and nothing will be saved')
    show(utils, 'kokeilu cache off', 'KOKEILU_CACHE=off: the site was built from scratch and not cached.')
    return
  }
  const p = paths(constants)

  if (m === 'clear') {
    let failed = false
    for (const file of [p.state, p.marker, p.publish]) {
      if ((await cacheCall(utils, 'remove', file)).error) {
        failed = true
      }
    }
    // A local state (from a local `netlify build`) would make this build
    // warm; without it kokeilu renders everything.
    dropState(p)
    log(`KOKEILU_CACHE=clear: ${failed ? 'tried to remove' : 'removed'} the cached copy; this build renders everything`)
    show(utils, 'kokeilu cache cleared', 'KOKEILU_CACHE=clear: the cached output was removed and the site built from scratch.')
    return
  }

  // The state goes last: should anything before it fail, the build does
  // not run with a state at all.
  const publish = await cacheCall(utils, 'restore', p.publish)
  const marker = await cacheCall(utils, 'restore', p.marker)
  const state = await cacheCall(utils, 'restore', p.state)

  if (publish.done && !exists(p.marker)) {
    // kokeilu replaces only a folder it made, which the marker says; a
    // restored public/ without it would make the build refuse the folder.
    // Put it away and build cold.
    log(`${shown(p.publish)} came back without ${shown(p.marker)}: removed, this build renders everything`)
    try {
      fs.rmSync(p.publish, { recursive: true, force: true })
    } catch (err) {
      log(`could not remove ${shown(p.publish)} (${describe(err)})`)
    }
    dropState(p)
    return
  }
  if (publish.error || marker.error || state.error) {
    dropState(p)
    log('the cache could not be restored fully: this build renders everything')
    return
  }
  if (publish.done && state.done) {
    log(`restored ${shown(p.publish)} and kokeilu's state: this build renders only what changed`)
    show(utils, 'kokeilu cache restored', 'The last deploy\'s output and kokeilu\'s state were restored; only what changed was rendered.')
  } else {
    log('nothing (or only part) in the build cache yet: this build renders everything')
  }
}

async function save(constants, utils) {
  if (mode() === 'off') {
    log('KOKEILU_CACHE=off: nothing saved')
    return
  }
  const p = paths(constants)
  if (!exists(p.publish) || !exists(p.marker)) {
    log(`no ${shown(p.publish)} made by kokeilu to save`)
    return
  }
  // The output first, the state after it: a state is saved only when the
  // output it describes was. (A mismatch would still be repaired by the
  // manifest, but as a cold build, so there is no point keeping one.)
  const publish = await cacheCall(utils, 'save', p.publish)
  const marker = await cacheCall(utils, 'save', p.marker)
  if (publish.done && marker.done && exists(p.state)) {
    const state = await cacheCall(utils, 'save', p.state)
    if (state.done) {
      log(`saved ${shown(p.publish)} and kokeilu's state for the next deploy`)
      return
    }
  }
  // Whatever state the cache still holds belongs to an older output.
  await cacheCall(utils, 'remove', p.state)
  log('the cache could not be saved fully: the next deploy renders everything')
}

module.exports = {
  // Before the build command: bring back the last deploy's output and state.
  async onPreBuild({ constants, utils } = {}) {
    try {
      await restore(constants, utils)
    } catch (err) {
      log(`unexpected error, building without the cache: ${describe(err)}`)
    }
  },

  // onPostBuild, where Netlify's cache utilities (@netlify/cache-utils)
  // document saving: it runs only after the build command succeeded, so a
  // failed kokeilu build (exit status 1) saves nothing and the cache keeps
  // the last good output and state. What is saved is always a pair that
  // belongs together: kokeilu writes its state only after a good build,
  // and the output it describes is checked file by file on the next one.
  // An error here would fail the deploy: save catches every one.
  async onPostBuild({ constants, utils } = {}) {
    try {
      await save(constants, utils)
    } catch (err) {
      log(`unexpected error, nothing saved: ${describe(err)}`)
    }
  },
}
