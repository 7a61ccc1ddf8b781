<#
.SYNOPSIS
    Sets up this Windows device as a sensory_games kiosk with Shell Launcher, configured
    through its WMI provider, the WESL_UserSetting class (docs/deploy.md, "Windows"; why
    each part is there: docs/kiosk.md). That is the classic Shell Launcher (eshell.exe);
    Shell Launcher v2 is set up otherwise, with an Assigned Access XML file, and is not
    what this script does.

.DESCRIPTION
    Run from an administrator's PowerShell, on Windows 10/11 Enterprise, Education or
    IoT Enterprise (Shell Launcher is not in Pro or Home). Each step is safe to run again;
    an update runs the same command with the new wheel.

      1. a Python virtual environment in $InstallDir\venv and the wheel in it, with the
         dependency versions of the constraints.txt beside the wheel (a release's dist/
         folder has one); the wheel is always reinstalled, so a rebuilt wheel of the same
         version replaces the old files. The Python it is made from must be installed for
         all users (python.org installer: "Install Python for all users", which puts it
         in C:\Program Files): the kiosk account cannot run a Python in another user's
         profile, and the script stops if it is in one;
      2. the data folder $InstallDir\data, which only the kiosk account, SYSTEM and
         Administrators may use (an existing one is kept: the log migrates itself);
      3. the Shell Launcher feature (a restart may be needed, the script says so);
      4. the kiosk account's shell: the app, fullscreen, started again whenever it ends;
         every other account keeps the normal desktop;
      5. `sensory-games doctor` (as you, not the kiosk account: run it again signed in
         as the kiosk to check the screen, touch and sound).

    It does not make the kiosk account (make a standard local account first), sign it in
    automatically (Sysinternals Autologon does that, keeping the password encrypted), set
    the PIN, or set the Group Policies of docs/kiosk.md. The last lines say how.

    NOT TRIED on a Windows device: written from Microsoft's documentation of Shell Launcher
    (the WESL_UserSetting WMI class). Try it on one tablet before the others.

.PARAMETER Wheel
    The sensory_games wheel (sensory_games-X.Y.Z-py3-none-any.whl).
.PARAMETER KioskUser
    The standard local account that runs only the app (default: kiosk).
.PARAMETER InstallDir
    Where the app and its data folder go (default: C:\SensoryGames).
.PARAMETER Python
    The Python command, 3.10 or newer and installed for all users (default: py -3;
    e.g. -Python 'C:\Program Files\Python312\python.exe').
.PARAMETER Remove
    Give the kiosk account the normal desktop back (the app and data stay).

.EXAMPLE
    .\Set-Kiosk.ps1 -Wheel D:\sensory_games-X.Y.Z-py3-none-any.whl
.EXAMPLE
    .\Set-Kiosk.ps1 -Remove
#>
[CmdletBinding(DefaultParameterSetName = 'Install')]
param(
    [Parameter(Mandatory = $true, ParameterSetName = 'Install')]
    [string] $Wheel,
    [string] $KioskUser = 'kiosk',
    [string] $InstallDir = 'C:\SensoryGames',
    [string[]] $Python = @('py', '-3'),
    [Parameter(Mandatory = $true, ParameterSetName = 'Remove')]
    [switch] $Remove
)

Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

function Say([string] $Text) { Write-Host "Set-Kiosk: $Text" }

$principal = New-Object Security.Principal.WindowsPrincipal(
    [Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
    throw 'Run this from an administrator''s PowerShell.'
}

# The kiosk account's security identifier: Shell Launcher knows accounts by it.
try {
    $kioskSid = (New-Object Security.Principal.NTAccount($KioskUser)).Translate(
        [Security.Principal.SecurityIdentifier]).Value
} catch {
    throw "There is no account '$KioskUser': make a standard local account first (Settings > Accounts > Other users)."
}

function Get-ShellLauncher {
    # Shell Launcher's WMI class; it exists once the feature is on.
    try {
        return [wmiclass]'\\localhost\root\standardcimv2\embedded:WESL_UserSetting'
    } catch {
        return $null
    }
}

if ($Remove) {
    $launcher = Get-ShellLauncher
    if ($null -ne $launcher) {
        $launcher.RemoveCustomShell($kioskSid) | Out-Null
        Say "$KioskUser has the normal desktop again (at its next sign-in)."
    }
    return
}

# 1. The app in its own virtual environment. The venv's python.exe starts the Python it
# was made from, so the kiosk account must be able to run that one: not a Python in a
# user's profile (python.org's "just me" install, AppData\Local\Programs\Python; the
# Microsoft Store's), which other accounts cannot read. Windows has no way to run a
# command as the kiosk without its password, so the script checks where Python is.
function Get-PythonBase([string[]] $Command) {
    # sys.base_prefix of the Python $Command runs (a venv's: the Python it was made from).
    $exe = $Command[0]
    $rest = @($Command | Select-Object -Skip 1)
    try {
        $out = & $exe @rest -c 'import sys; print(sys.base_prefix); sys.exit(sys.version_info < (3, 10))'
    } catch {
        $out = $null
    }
    if (-not $out -or $LASTEXITCODE -ne 0) {   # (no $LASTEXITCODE if it never started)
        throw "'$($Command -join ' ')' is not Python 3.10 or newer: install one for all users (python.org), or name it with -Python."
    }
    $base = ([string]($out | Select-Object -Last 1)).Trim().TrimEnd('\')
    $profileList = 'HKLM:\SOFTWARE\Microsoft\Windows NT\CurrentVersion\ProfileList'
    $profiles = [Environment]::ExpandEnvironmentVariables(
        (Get-ItemProperty -LiteralPath $profileList).ProfilesDirectory).TrimEnd('\')
    if ($base.StartsWith("$profiles\", [StringComparison]::OrdinalIgnoreCase)) {
        $again = "run this again with -Python 'C:\Program Files\Python3XX\python.exe'"
        if (Test-Path -LiteralPath $venv) { $again = "remove $venv, then $again" }
        throw "The Python in $base is in a user's profile: $KioskUser cannot run it. Install Python for all users (python.org installer, Customize installation > 'Install Python for all users', into C:\Program Files), then $again."
    }
    return $base
}

$wheelPath = (Resolve-Path -LiteralPath $Wheel).Path
if (-not $wheelPath.EndsWith('.whl')) { throw "$Wheel is not a wheel file (*.whl)." }
$wheelDir = Split-Path -Parent $wheelPath
$venv = Join-Path $InstallDir 'venv'
$venvPython = Join-Path $venv 'Scripts\python.exe'
New-Item -ItemType Directory -Force -Path $InstallDir | Out-Null
if (Test-Path -LiteralPath $venvPython) {
    $pythonBase = Get-PythonBase @($venvPython)   # made earlier: from which Python?
} else {
    $pythonBase = Get-PythonBase $Python
    $launcherArgs = @($Python | Select-Object -Skip 1) + @('-m', 'venv', $venv)
    & $Python[0] @launcherArgs
    if ($LASTEXITCODE -ne 0) { throw "Could not make $venv with '$($Python -join ' ')'." }
    Say "made the virtual environment $venv"
}
Say "Python: $pythonBase (not in a user's profile, so $KioskUser can run it)"
# --find-links: dependencies saved beside the wheel (an offline install) are used first;
# --constraint: the release's exact dependency versions, so kiosks set up months apart
# run the same code.
$pipArgs = @('-m', 'pip', 'install', '--quiet', '--find-links', $wheelDir)
$constraints = Join-Path $wheelDir 'constraints.txt'
if (Test-Path -LiteralPath $constraints) {
    $pipArgs += @('--constraint', $constraints)
} else {
    Say "no constraints.txt beside the wheel: pip chooses the dependencies' versions"
}
# First the app and what it needs; then the app's own files again, whatever version is
# installed: pip skips a wheel whose version is already there (a rebuilt X.Y.Z).
& $venvPython @pipArgs $wheelPath
if ($LASTEXITCODE -ne 0) { throw "pip could not install $wheelPath." }
& $venvPython @pipArgs --force-reinstall --no-deps $wheelPath
if ($LASTEXITCODE -ne 0) { throw "pip could not reinstall $wheelPath." }
$installed = & (Join-Path $venv 'Scripts\sensory-games.exe') --version
if ($LASTEXITCODE -ne 0) { throw "The installed app does not start: $venv\Scripts\sensory-games.exe --version failed." }
Say "installed $installed (from $(Split-Path -Leaf $wheelPath))"
# What the launcher works out at its first start and keeps beside its bytecode for the next
# (the dataclass code, the shipped YAML files parsed: a fifth and a tenth of a start): one
# headless start now, as the account that installs, with a throw-away data folder, in an
# environment that lets Python keep it where the kiosk's starts look. A start that fails
# is said and the set-up goes on (its error output is not a PowerShell error here).
$firstStart = Join-Path ([System.IO.Path]::GetTempPath()) ("sensory-games-" + [guid]::NewGuid())
$startEnv = @{ SDL_VIDEODRIVER = 'dummy'; SDL_AUDIODRIVER = 'dummy';
    PYTHONDONTWRITEBYTECODE = $null; PYTHONPYCACHEPREFIX = $null; SENSORY_GAMES_CONFIG = $null }
$savedEnv = @{}
foreach ($name in $startEnv.Keys) {
    $savedEnv[$name] = [Environment]::GetEnvironmentVariable($name, 'Process')
    [Environment]::SetEnvironmentVariable($name, $startEnv[$name], 'Process')
}
$savedPreference = $ErrorActionPreference
try {
    $ErrorActionPreference = 'Continue'
    $startLog = & (Join-Path $venv 'Scripts\sensory-games.exe') --exit-after-first-frame --data-dir (Join-Path $firstStart 'data') 2>&1
    if ($LASTEXITCODE -ne 0) {
        Say "note: the first start to keep its work failed (the kiosk starts a little slower):"
        $startLog | Select-Object -Last 5 | ForEach-Object { Say "  $_" }
    }
} finally {
    $ErrorActionPreference = $savedPreference
    foreach ($name in $savedEnv.Keys) {
        [Environment]::SetEnvironmentVariable($name, $savedEnv[$name], 'Process')
    }
    Remove-Item -LiteralPath $firstStart -Recurse -Force -ErrorAction SilentlyContinue
}

# 2. The data folder: the kiosk account may change it; no one else but SYSTEM and
# Administrators may even read it (children's attempts are health data).
$dataDir = Join-Path $InstallDir 'data'
New-Item -ItemType Directory -Force -Path $dataDir | Out-Null
& icacls.exe $dataDir /inheritance:r /grant:r "*S-1-5-18:(OI)(CI)F" "*S-1-5-32-544:(OI)(CI)F" "*${kioskSid}:(OI)(CI)M" | Out-Null
if ($LASTEXITCODE -ne 0) { throw "icacls could not set the rights on $dataDir." }
Say "data folder ${dataDir}: $KioskUser may change it, other users may not read it"

# 3. Shell Launcher.
$feature = Get-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher
if ($feature.State -ne 'Enabled') {
    $result = Enable-WindowsOptionalFeature -Online -FeatureName Client-EmbeddedShellLauncher -NoRestart
    if ($result.RestartNeeded) {
        Say 'Shell Launcher was turned on: restart Windows, then run this script again.'
        return
    }
}
$launcher = Get-ShellLauncher
if ($null -eq $launcher) { throw 'Shell Launcher is not available (it needs Enterprise, Education or IoT Enterprise).' }

# 4. The kiosk account's shell. pythonw.exe: no console window. The command goes through
# Python's own -c so it needs nothing the wheel does not install. Return action 0: start
# the app again whenever it ends (1 would restart the device, 2 shut it down).
$pythonw = Join-Path $venv 'Scripts\pythonw.exe'
$start = 'import sys; from sensory_games.cli import main; sys.exit(main(sys.argv[1:]))'
$shell = "`"$pythonw`" -c `"$start`" --kiosk --data-dir `"$dataDir`""
$launcher.SetDefaultShell('explorer.exe', 0) | Out-Null   # everyone else: the desktop
try { $launcher.RemoveCustomShell($kioskSid) | Out-Null } catch { }   # none set yet
$launcher.SetCustomShell($kioskSid, $shell, $null, $null, 0) | Out-Null
$launcher.SetEnabled($true) | Out-Null
Say "$KioskUser's shell is now: $shell"

# 5. What is still to do.
Say 'sensory-games doctor (as this administrator):'
& (Join-Path $venv 'Scripts\sensory-games.exe') doctor --data-dir $dataDir
Say 'still to do by hand:'
Say "  - set the adults' PIN: $venv\Scripts\sensory-games.exe pin set --data-dir $dataDir"
Say '    (then give the kiosk account the file: run this script again, it resets the rights)'
Say "  - sign $KioskUser in automatically (Sysinternals Autologon), the Group Policies of docs/kiosk.md"
Say "  - sign in as $KioskUser once and run doctor there (screen, touch, sound)"
