// Chapter buttons of components/video_player.html: seek the video, play it and move focus to it.
(function () {
  "use strict";
  // The component may be on a page more than once; one delegated listener serves all of them.
  if (window.lernhafenVideoPlayer) {
    return;
  }
  window.lernhafenVideoPlayer = true;

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-start]");
    var wrapper = button && button.closest("[data-video-id]");
    var video = wrapper && wrapper.querySelector("video");
    if (!video) {
      return;
    }
    video.currentTime = parseFloat(button.dataset.start);
    // Focus first, so keyboard users control the video they just chose; play() may be refused
    // by the browser's autoplay rules, which leaves the video paused at the chapter.
    video.focus();
    var playing = video.play();
    if (playing && playing.catch) {
      playing.catch(function () {});
    }
  });
})();
