// The phone menu (a popover) closes when one of its links is followed: Blazor's enhanced navigation
// keeps the page's elements, so without this the menu would stay open over the next page.
document.addEventListener('click', event => {
    const nav = document.getElementById('side-nav');
    if (nav && event.target instanceof Element && event.target.closest('#side-nav a') && nav.matches(':popover-open')) {
        nav.hidePopover();
    }
});
