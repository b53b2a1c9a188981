/**
 * Where antd popups (select lists, date panels, cascader menus) open — set once for the whole
 * app in its ConfigProvider (App.tsx). Inside a drawer or a modal: next to their field, so they
 * move with it. A body-level popup is placed against a field of the fixed drawer or the
 * animating modal, so a scroll of the page behind it (a programmatic scroll-into-view, a touch
 * scroll the body lock does not stop) or the modal's opening zoom carries the popup away from its
 * field until it is re-aligned, and a click in that moment misses the option — the asset
 * drawer's 型号 then stayed empty (请选择型号). Elsewhere on a page: document.body as antd does.
 */
export function popupContainer(trigger?: HTMLElement): HTMLElement {
  const host = trigger?.closest('.ant-drawer-body, .ant-modal-body');
  return host && trigger?.parentElement ? trigger.parentElement : document.body;
}
