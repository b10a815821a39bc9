/* Site behaviour that enhances plain links and forms; nothing here is required to use the site. */
(function () {
  "use strict";
})();
