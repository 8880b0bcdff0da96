import { describe, expect, it } from 'vitest'
import { exposeGc, MemoryRelease } from '../../server/memory.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('memory release after a crowd leaves', () => {
  it('can run a full garbage collection at run time', () => {
    const gc = exposeGc()
    expect(typeof gc).toBe('function')
    gc!()
  })

  it('collects after a burst of unloads has gone quiet (and once more shortly after), never for a few', async () => {
    let collections = 0
    const release = new MemoryRelease(() => collections++, 3, 30, 200)
    release.noteUnload()
    release.noteUnload()
    await sleep(60)
    expect(collections).toBe(0)
    for (let i = 0; i < 5; i++) release.noteUnload()
    await sleep(10)
    expect(collections).toBe(0)
    await sleep(100)
    expect(collections).toBe(1)
    await sleep(250)
    expect(collections).toBe(2)
    // Nothing more until the next burst.
    await sleep(100)
    expect(collections).toBe(2)
    release.stop()
  })
})
