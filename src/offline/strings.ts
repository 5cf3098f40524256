/** UI text of the offline status and the update prompt, in the book's two languages. */
const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

const zh = {
  region: '离线阅读',
  preparing: '正在保存离线阅读所需的文件……',
  pageReady: '本页已保存，离线时也可以阅读和运行代码。',
  bookReady: (bytes: number) => `整本书已保存（${mb(bytes)} MB），离线时也可以阅读、搜索和运行所有代码。`,
  saveAll: (bytes: number) => `保存整本书以便离线阅读（还需约 ${mb(bytes)} MB）`,
  saving: (done: number, total: number, bytes: number, totalBytes: number) =>
    `正在保存整本书：${done} / ${total} 个文件，${mb(bytes)} / ${mb(totalBytes)} MB`,
  failed: (n: number) => `有 ${n} 个文件没能保存（可能已断网），联网后可以重试。`,
  retry: '重试',
  offlineNow: '当前处于离线状态。',
  update: '本书有新版本。重新加载即可使用，你编辑过的代码会保留。',
  reload: '重新加载',
};

const en: typeof zh = {
  region: 'Offline reading',
  preparing: 'Saving what the book needs offline…',
  pageReady: 'This page is saved: you can read it and run its code offline.',
  bookReady: (bytes) => `The whole book is saved (${mb(bytes)} MB): you can read, search and run all of it offline.`,
  saveAll: (bytes) => `Save the whole book for offline reading (about ${mb(bytes)} MB more)`,
  saving: (done, total, bytes, totalBytes) => `Saving the whole book: ${done} / ${total} files, ${mb(bytes)} / ${mb(totalBytes)} MB`,
  failed: (n) => `${n} file${n === 1 ? '' : 's'} could not be saved (offline?); try again when you are online.`,
  retry: 'Try again',
  offlineNow: 'You are offline.',
  update: 'A new version of the book is available. Reload to use it; your edited code is kept.',
  reload: 'Reload',
};

export type OfflineStrings = typeof zh;

/** The strings for a page whose <html lang> is `lang` ('zh-CN' or 'en'). */
export const offlineStrings = (lang: string): OfflineStrings => (lang.startsWith('en') ? en : zh);
